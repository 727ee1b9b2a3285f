package io.reactiveorm.bench;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import io.r2dbc.spi.Option;
import io.r2dbc.spi.Wrapped;
import io.reactiveorm.tests.db.TestDatabase;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import reactor.core.scheduler.Schedulers;

/**
 * Where the benchmark's connections come from, and the one place that sets driver options.
 *
 * <ul>
 *   <li>With {@code -Dbench.url=r2dbc:...} (a server of your own): a pool over that URL with
 *       {@link #driverOptions(BenchDatabase) the options that won} layered on top.</li>
 *   <li>Otherwise: a pool over the driver of {@link TestDatabase} (explicit test URL, Testcontainers
 *       or an embedded server, so a fresh machine needs no server). TestDatabase exposes only its pool,
 *       not its connection options, so the driver runs with its defaults there: right for MariaDB,
 *       but without {@code forceBinary} on PostgreSQL, which slows every contender's reads alike.</li>
 * </ul>
 *
 * <p>Both pools are {@link #pool configured alike}; the test suite's own pool is not used, as it sets
 * an acquire timeout.
 *
 * <p>Thread-safety: stateless; {@link #open} blocks while a test database starts.
 */
final class BenchConnections {

    /** The system property naming a server of your own, e.g. {@code r2dbc:postgresql://bench:bench@127.0.0.1:5432/bench}. */
    static final String URL_PROPERTY = "bench.url";

    private BenchConnections() {
    }

    /**
     * Opens {@code database} as the class documentation describes; close the result when done.
     *
     * @param url an R2DBC URL of a server of your own, or empty for {@link TestDatabase}
     */
    static Opened open(BenchDatabase database, String url) {
        if (url.isEmpty()) {
            TestDatabase testDatabase = database.testDatabase();
            ConnectionPool pool = pool(driverOf(testDatabase.connectionFactory()));
            return new Opened(new BenchEnvironment(database, pool, testDatabase.describe()
                    + " (TestDatabase's driver with its defaults; tuned options need -D" + URL_PROPERTY + ")"), pool::dispose);
        }
        ConnectionFactoryOptions options = ConnectionFactoryOptions.parse(url.replaceFirst("^r2dbc:pool:", "r2dbc:"));
        Map<String, Object> driverOptions = driverOptions(database);
        ConnectionFactoryOptions.Builder tuned = options.mutate();
        driverOptions.forEach((name, value) -> tuned.option(Option.valueOf(name), value));
        ConnectionPool pool = pool(ConnectionFactories.get(tuned.build()));
        String description = database.displayName() + " at " + options.getValue(ConnectionFactoryOptions.HOST)
                + (options.hasOption(ConnectionFactoryOptions.PORT) ? ":" + options.getValue(ConnectionFactoryOptions.PORT) : "")
                + " (-D" + URL_PROPERTY + ", driver options " + format(driverOptions) + ")";
        return new Opened(new BenchEnvironment(database, pool, description), pool::dispose);
    }

    /**
     * The pool every contender shares: at most 4 connections, the most recently released handed out
     * first (as docs/databases.md recommends), no acquire timeout (r2dbc-pool's default: a timeout arms
     * and cancels a timer for every acquire, which fetch1k's lookups would pay 1,000 times a run, see
     * docs/databases.md).
     */
    private static ConnectionPool pool(ConnectionFactory driver) {
        return new ConnectionPool(ConnectionPoolConfiguration.builder(driver)
                .name("reactiveorm-bench")
                .initialSize(1)
                .maxSize(4)
                // create connections on the acquiring thread, not on Schedulers.single(): r2dbc-h2
                // connects and runs statements synchronously, which BlockHound rightly rejects there
                .allocatorSubscribeOn(Schedulers.immediate())
                .customizer(builder -> builder.idleResourceReuseMruOrder())
                .build());
    }

    /** The driver's connection factory under {@code factory}, a pool, or {@code factory} when it wraps none. */
    @SuppressWarnings("unchecked")
    static ConnectionFactory driverOf(ConnectionFactory factory) {
        return factory instanceof Wrapped<?> wrapped ? ((Wrapped<ConnectionFactory>) wrapped).unwrap() : factory;
    }

    /**
     * The driver options measured fastest for {@code database}, as R2DBC URL option names; stated
     * even where they equal the driver's defaults, so a driver upgrade cannot change them silently.
     *
     * <ul>
     *   <li>PostgreSQL: {@code forceBinary=true} reads rows in binary (no timestamp parsing), which
     *       halves find10k and the loads of update10k/delete10k, provided the query goes through
     *       the extended protocol (see {@link PostgresRawStatements}); {@code
     *       preparedStatementCacheQueries=-1} keeps every prepared statement, without it fetch1k is
     *       about 1.6x slower.</li>
     *   <li>MariaDB: client-side prepared statements ({@code useServerPrepareStatement=false}, the
     *       default) beat server-side ones on fetch1k and tie elsewhere; {@code tcpNoDelay} and
     *       {@code queryCacheSize} made no measurable difference.</li>
     * </ul>
     */
    static Map<String, Object> driverOptions(BenchDatabase database) {
        Map<String, Object> options = new LinkedHashMap<>();
        switch (database) {
            case POSTGRES -> {
                options.put("forceBinary", true);
                options.put("preparedStatementCacheQueries", -1);
            }
            case MARIADB -> options.put("useServerPrepareStatement", false);
            case H2 -> {
                // in-process database: no driver option to tune
            }
        }
        return options;
    }

    private static String format(Map<String, Object> options) {
        return options.isEmpty() ? "none" : options.entrySet().stream()
                .map(entry -> entry.getKey() + "=" + entry.getValue())
                .collect(Collectors.joining(", "));
    }

    /** An open database: the environment for the contenders, and how to release what was opened for it. */
    static final class Opened implements AutoCloseable {

        private final BenchEnvironment environment;
        private final Runnable release;

        Opened(BenchEnvironment environment, Runnable release) {
            this.environment = environment;
            this.release = release;
        }

        BenchEnvironment environment() {
            return environment;
        }

        @Override
        public void close() {
            release.run();
        }
    }
}
