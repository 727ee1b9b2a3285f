package io.reactiveorm.sql;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionMetadata;
import io.r2dbc.spi.R2dbcNonTransientException;
import io.reactiveorm.DatabaseException;
import io.reactiveorm.internal.OrmErrors;
import io.reactiveorm.metadata.EntityMetadata;
import io.reactiveorm.spi.Driver;
import io.reactiveorm.spi.DriverConnection;
import io.reactiveorm.sql.batch.BatchRenderer;
import io.reactiveorm.sql.dialect.Dialect;
import io.reactiveorm.sql.dialect.Dialects;
import io.reactiveorm.sql.r2dbc.DriverFailure;
import io.reactiveorm.sql.r2dbc.R2dbcConnections;
import io.reactiveorm.sql.render.EntitySql;
import io.reactiveorm.sql.render.SqlTextCache;
import io.reactiveorm.sql.batch.LinkRenderer;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The R2DBC driver: PostgreSQL, MySQL/MariaDB and H2 over any {@link ConnectionFactory}, normally an
 * r2dbc-pool {@code ConnectionPool}. The dialect is picked from the first connection's metadata.
 *
 * <pre>{@code
 * Driver driver = R2dbcDriver.create(ConnectionFactories.get("r2dbc:pool:postgresql://localhost/app"));
 * }</pre>
 *
 * <p>Thread-safety: thread-safe; one instance serves an Orm and all its EntityManagers.
 */
public final class R2dbcDriver implements Driver {

    private final ConnectionFactory connectionFactory;
    private final StatementListener listener;
    private final SqlTextCache texts = new SqlTextCache();
    private final Map<EntityMetadata<?>, EntitySql> entitySql = new ConcurrentHashMap<>();
    private final LinkRenderer links = new LinkRenderer(texts, this::entitySql);
    private volatile Dialect dialect;
    private volatile BatchRenderer batches;

    private R2dbcDriver(ConnectionFactory connectionFactory, StatementListener listener) {
        this.connectionFactory = Objects.requireNonNull(connectionFactory, "connectionFactory");
        this.listener = listener;
    }

    /** A driver over a connection factory (pool it: r2dbc-pool's {@code ConnectionPool}). */
    public static R2dbcDriver create(ConnectionFactory connectionFactory) {
        return new R2dbcDriver(connectionFactory, null);
    }

    /** A driver that tells {@code listener} about every statement it sends. */
    public static R2dbcDriver create(ConnectionFactory connectionFactory, StatementListener listener) {
        return new R2dbcDriver(connectionFactory, Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public <T> Flux<T> withConnection(Function<? super DriverConnection, ? extends Publisher<T>> work) {
        return Flux.usingWhen(
                Mono.from(connectionFactory.create()).onErrorMap(e -> !(e instanceof io.reactiveorm.OrmException),
                        R2dbcDriver::connectionFailed),
                connection -> work.apply(wrap(connection)),
                Connection::close,
                (connection, error) -> connection.close(),
                Connection::close);
    }

    /** A connection that could not be opened; lasting only when the driver says so (a refused login, an unknown database). */
    private static DatabaseException connectionFailed(Throwable e) {
        DriverFailure failure = DriverFailure.of(e);
        boolean lasting = e instanceof R2dbcNonTransientException;
        return OrmErrors.connectionFailed("Opening a connection", failure.sqlState(), failure.vendorCode(), !lasting, e);
    }

    /** Runs {@code work} on a raw R2DBC connection with this driver's dialect (schema tools). */
    <T> Flux<T> withRawConnection(Function<? super Connection, ? extends Publisher<T>> work) {
        return Flux.usingWhen(connectionFactory.create(), connection -> {
            dialect(connection);
            return work.apply(connection);
        }, Connection::close, (connection, error) -> connection.close(), Connection::close);
    }

    private DriverConnection wrap(Connection connection) {
        Dialect d = dialect(connection);
        return R2dbcConnections.create(connection, d, batches, links, this::entitySql, listener);
    }

    /** The dialect, detected from the first connection. */
    Dialect dialect(Connection connection) {
        Dialect d = dialect;
        if (d == null) {
            ConnectionMetadata metadata = connection.getMetadata();
            d = Dialects.detect(metadata.getDatabaseProductName(), metadata.getDatabaseVersion());
            batches = BatchRenderer.of(d, texts);
            dialect = d;
        }
        return d;
    }

    EntitySql entitySql(EntityMetadata<?> meta) {
        return entitySql.computeIfAbsent(meta, m -> new EntitySql(m, dialect));
    }

    StatementListener listener() {
        return listener;
    }

    @Override
    public String name() {
        Dialect d = dialect;
        return d == null ? "R2DBC" : d.name();
    }

    /** How many SQL shapes have been built so far (each is built once). */
    public int cachedStatementTexts() {
        return texts.size();
    }

    @Override
    public Mono<Void> close() {
        return connectionFactory instanceof io.r2dbc.spi.Closeable closeable
                ? Mono.from(closeable.close())
                : Mono.empty();
    }
}
