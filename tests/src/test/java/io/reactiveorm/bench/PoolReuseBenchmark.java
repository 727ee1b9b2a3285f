package io.reactiveorm.bench;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Wrapped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures what the order in which r2dbc-pool hands out idle connections does to fetch1k, the
 * workload that takes a connection per lookup. In one run: {@code raw} holding one connection
 * for all lookups (the baseline); {@code raw-lru} and {@code raw-mru}, raw taking a connection from
 * the pool for every lookup; {@code orm-lru} and {@code orm-mru}, the ORM with a fork per lookup.
 * The {@code -lru} contenders use a pool that hands out the least recently released connection
 * (reactor-pool's default), the {@code -mru} ones a pool that hands out the most recently released
 * (what docs/databases.md recommends).
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

    /** Runs fetch1k for the five contenders, prints the table and exits the JVM (status 0 or 1). */
    public static void main(String[] args) {
        int status = 0;
        List<ConnectionPool> pools = new ArrayList<>();
        try {
            RunnerSettings parsed = RunnerSettings.parse(args);
            RunnerSettings settings = new RunnerSettings(parsed.database(), parsed.runs(), parsed.warmups(), parsed.warmupMillis(),
                    List.of(Workload.FETCH_1K), parsed.url());
            BenchmarkRunner.run(settings, List.of(RawWorkloads::new,
                    environment -> new RawWorkloads(over(pools, environment, false), "raw-lru", true),
                    environment -> new RawWorkloads(over(pools, environment, true), "raw-mru", true),
                    environment -> OrmWorkloads.named(over(pools, environment, false), "orm-lru"),
                    environment -> OrmWorkloads.named(over(pools, environment, true), "orm-mru")), System.out);
        } catch (RuntimeException | Error e) {
            e.printStackTrace();
            status = 1;
        } finally {
            pools.forEach(ConnectionPool::dispose);
        }
        System.out.flush();
        System.exit(status);
    }

    /** {@code environment} with a pool of its own (added to {@code pools} for disposal) over the same driver factory, reusing in the given order. */
    private static BenchEnvironment over(List<ConnectionPool> pools, BenchEnvironment environment, boolean mostRecentFirst) {
        ConnectionFactory shared = environment.connectionFactory();
        @SuppressWarnings("unchecked")
        ConnectionFactory driver = shared instanceof Wrapped<?> wrapped ? ((Wrapped<ConnectionFactory>) wrapped).unwrap() : shared;
        ConnectionPool pool = new ConnectionPool(ConnectionPoolConfiguration.builder(driver)
                .initialSize(POOL_SIZE)
                .maxSize(POOL_SIZE)
                .maxAcquireTime(Duration.ofSeconds(30))
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
