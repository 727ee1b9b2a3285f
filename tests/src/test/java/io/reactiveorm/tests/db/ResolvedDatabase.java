package io.reactiveorm.tests.db;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactoryOptions;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/** A found database with its pool and description; stops both at JVM shutdown. Immutable. */
final class ResolvedDatabase {

    private static final Logger LOG = LoggerFactory.getLogger(TestDatabase.class);
    private static final int MAX_POOL_SIZE = 10;
    private static final Duration FIRST_CONNECTION_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern LEADING_VERSION = Pattern.compile("^\\d+(\\.\\d+)*");

    private final ConnectionPool pool;
    private final ConnectionFactoryOptions options;
    private final String description;

    private ResolvedDatabase(ConnectionPool pool, ConnectionFactoryOptions options, String description) {
        this.pool = pool;
        this.options = options;
        this.description = description;
    }

    /**
     * Finds the server, pools it, proves it answers and registers the shutdown hook. Blocks the
     * calling thread; runs once per database and JVM.
     */
    static ResolvedDatabase start(TestDatabase database, Supplier<DatabaseServer> finder, String versionQuery) {
        long startNanos = System.nanoTime();
        DatabaseServer server = finder.get();
        ConnectionPool pool = null;
        String version;
        try {
            pool = newPool(database, server);
            version = queryVersion(pool, versionQuery);
        } catch (RuntimeException e) {
            if (pool != null) {
                pool.dispose();
            }
            server.stop();
            throw TestDatabaseErrors.unreachable(database, server.origin(), e);
        }
        ConnectionPool startedPool = pool;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            startedPool.dispose(); // before the server goes, so connections close cleanly
            server.stop();
        }, "reactiveorm-test-" + database.name().toLowerCase(Locale.ROOT) + "-shutdown"));

        String description = database.displayName() + " " + version + " via " + server.origin();
        long millis = Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
        LOG.info("Test database {}: {} (ready in {} ms)", database.name(), description, millis);
        return new ResolvedDatabase(startedPool, server.options(), description);
    }

    ConnectionPool pool() {
        return pool;
    }

    /** The options the pool connects with. */
    ConnectionFactoryOptions options() {
        return options;
    }

    String description() {
        return description;
    }

    private static ConnectionPool newPool(TestDatabase database, DatabaseServer server) {
        ConnectionPoolConfiguration configuration = ConnectionPoolConfiguration
                .builder(ConnectionFactories.get(server.options()))
                .name("reactiveorm-test-" + database.name().toLowerCase(Locale.ROOT))
                .initialSize(1)
                .maxSize(MAX_POOL_SIZE)
                // a leaked connection shows up as an acquire error, not as a hung test
                .maxAcquireTime(Duration.ofSeconds(30))
                .maxCreateConnectionTime(Duration.ofSeconds(30))
                // hand out the connection released last, as docs/databases.md recommends: a fork per
                // lookup then stays on one connection and its event loop instead of rotating through all
                .customizer(pool -> pool.idleResourceReuseMruOrder())
                .build();
        return new ConnectionPool(configuration);
    }

    /** First round trip: proves the server answers and reads its version, e.g. "18.6". */
    private static String queryVersion(ConnectionPool pool, String versionQuery) {
        String full = Mono.usingWhen(
                        pool.create(),
                        connection -> Mono.from(connection.createStatement(versionQuery).execute())
                                .flatMap(result -> Mono.from(result.map((row, meta) -> String.valueOf(row.get(0))))),
                        Connection::close)
                .block(FIRST_CONNECTION_TIMEOUT);
        if (full == null) {
            throw new IllegalStateException("'" + versionQuery + "' returned no row");
        }
        Matcher matcher = LEADING_VERSION.matcher(full.trim());
        return matcher.find() ? matcher.group() : full.trim();
    }
}
