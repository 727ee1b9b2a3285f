package io.reactiveorm.bench;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures what two settings of r2dbc-pool do to fetch1k, the workload that takes a connection per
 * lookup: the order in which idle connections are handed out, and an acquire timeout. In one run:
 * {@code raw} holding one connection for all lookups (the baseline); {@code raw-lru} and
 * {@code raw-mru}, raw taking a connection from the pool for every lookup; {@code orm-lru} and
 * {@code orm-mru}, the ORM with a fork per lookup. The {@code -lru} contenders use a pool that hands
 * out the least recently released connection (reactor-pool's default), the {@code -mru} ones a pool
 * that hands out the most recently released (what docs/databases.md recommends); neither sets an
 * acquire timeout (r2dbc-pool's default). {@code raw-mru-timeout} and {@code orm-mru-timeout} use the
 * most recent first with {@code maxAcquireTime} set, which arms and cancels a timer on Reactor's
 * parallel scheduler for every acquire.
 *
 * <p>Usage, arguments as {@link BenchmarkRunner}'s (the workload is always fetch1k):
 * <pre>
 * mvn -q -B -pl tests exec:java -Dexec.mainClass=io.reactiveorm.bench.PoolReuseBenchmark \
 *     -Dexec.classpathScope=test -Dexec.args="postgres 9 10"
 * </pre>
 *
 * <p>Thread-safety: {@link #main} blocks the calling thread between runs, as the runner does.
 */
public final class PoolReuseBenchmark {

    /** As many connections as the shared benchmark pool may hold, all open from the start. */
    private static final int POOL_SIZE = 4;

    private PoolReuseBenchmark() {
    }

    /** Runs fetch1k for the seven contenders, prints the table and exits the JVM (status 0 or 1). */
    public static void main(String[] args) {
        int status = 0;
        List<ConnectionPool> pools = new ArrayList<>();
        try {
            RunnerSettings parsed = RunnerSettings.parse(args);
            RunnerSettings settings = new RunnerSettings(parsed.database(), parsed.runs(), parsed.warmups(), parsed.warmupMillis(),
                    List.of(Workload.FETCH_1K), parsed.url());
            BenchmarkRunner.run(settings, List.of(RawWorkloads::new,
                    environment -> new RawWorkloads(over(pools, environment, false, false), "raw-lru", true),
                    environment -> new RawWorkloads(over(pools, environment, true, false), "raw-mru", true),
                    environment -> new RawWorkloads(over(pools, environment, true, true), "raw-mru-timeout", true),
                    environment -> OrmWorkloads.named(over(pools, environment, false, false), "orm-lru"),
                    environment -> OrmWorkloads.named(over(pools, environment, true, false), "orm-mru"),
                    environment -> OrmWorkloads.named(over(pools, environment, true, true), "orm-mru-timeout")), System.out);
        } catch (RuntimeException | Error e) {
            e.printStackTrace();
            status = 1;
        } finally {
            pools.forEach(ConnectionPool::dispose);
        }
        System.out.flush();
        System.exit(status);
    }

    /**
     * {@code environment} with a pool of its own (added to {@code pools} for disposal) over the same driver
     * factory, reusing in the given order, with a 30 s acquire timeout or none.
     */
    private static BenchEnvironment over(List<ConnectionPool> pools, BenchEnvironment environment, boolean mostRecentFirst,
                                         boolean acquireTimeout) {
        ConnectionPool pool = new ConnectionPool(ConnectionPoolConfiguration.builder(BenchConnections.driverOf(environment.connectionFactory()))
                .initialSize(POOL_SIZE)
                .maxSize(POOL_SIZE)
                .maxAcquireTime(acquireTimeout ? Duration.ofSeconds(30) : ConnectionPoolConfiguration.NO_TIMEOUT)
                .customizer(builder -> {
                    if (mostRecentFirst) {
                        builder.idleResourceReuseMruOrder();
                    } else {
                        builder.idleResourceReuseLruOrder();
                    }
                })
                .build());
        pools.add(pool);
        return new BenchEnvironment(environment.database(), pool, environment.description());
    }
}
