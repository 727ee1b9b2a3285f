package io.reactiveorm.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What to run: database, measured and warm-up runs, and which workloads. Read from the program
 * arguments {@code [database] [runs] [warmups]}, each falling back to a system property
 * ({@code bench.database}, {@code bench.runs}, {@code bench.warmups}) and then to the default
 * ({@code postgres}, 7, 3); {@code bench.warmupMillis} (default 2,000) is the least time each
 * contender spends warming up on each workload; workloads come from {@code bench.workloads}, a
 * comma-separated list of labels such as {@code insert10k,find10k}, all of them by default;
 * {@code bench.url} names a server of your own (see {@link BenchConnections}).
 *
 * @param database the database to run on
 * @param runs measured runs per workload and contender, at least 1
 * @param warmups untimed runs before them, at least 0
 * @param warmupMillis the least time of untimed runs per workload and contender, at least 0: a
 *        workload of short runs warms up for more than {@code warmups} runs until the JIT has
 *        compiled its path (fetch1k needed about 10 runs)
 * @param workloads the workloads, in report order
 * @param url an R2DBC URL of a server of your own, or empty for {@link io.reactiveorm.tests.db.TestDatabase}
 */
record RunnerSettings(BenchDatabase database, int runs, int warmups, long warmupMillis, List<Workload> workloads, String url) {

    static final int DEFAULT_RUNS = 7;
    static final int DEFAULT_WARMUPS = 3;
    static final long DEFAULT_WARMUP_MILLIS = 2_000;

    RunnerSettings {
        if (runs < 1 || warmups < 0 || warmupMillis < 0) {
            throw new IllegalArgumentException("Need at least 1 measured run and 0 warm-up runs and milliseconds, got runs="
                    + runs + ", warmups=" + warmups + ", warmupMillis=" + warmupMillis);
        }
        if (workloads.isEmpty()) {
            throw new IllegalArgumentException("No workload selected");
        }
        workloads = List.copyOf(workloads);
        url = url.trim();
    }

    /** Reads the settings as the class documentation describes; usage errors name the bad value. */
    static RunnerSettings parse(String[] args) {
        BenchDatabase database = BenchDatabase.fromArgument(argument(args, 0, "bench.database", "postgres"));
        int runs = number(argument(args, 1, "bench.runs", String.valueOf(DEFAULT_RUNS)), "runs");
        int warmups = number(argument(args, 2, "bench.warmups", String.valueOf(DEFAULT_WARMUPS)), "warmups");
        long warmupMillis = number(System.getProperty("bench.warmupMillis", String.valueOf(DEFAULT_WARMUP_MILLIS)), "warm-up milliseconds");
        return new RunnerSettings(database, runs, warmups, warmupMillis, workloads(System.getProperty("bench.workloads", "")),
                System.getProperty(BenchConnections.URL_PROPERTY, ""));
    }

    private static String argument(String[] args, int index, String property, String fallback) {
        return args.length > index && !args[index].isBlank() ? args[index] : System.getProperty(property, fallback);
    }

    private static int number(String value, String name) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("The number of " + name + " must be an integer, got '" + value + "'", e);
        }
    }

    private static List<Workload> workloads(String labels) {
        if (labels.isBlank()) {
            return List.of(Workload.values());
        }
        List<Workload> selected = new ArrayList<>();
        for (String label : labels.split(",")) {
            selected.add(Arrays.stream(Workload.values())
                    .filter(workload -> workload.label().equalsIgnoreCase(label.trim()))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("Unknown workload '" + label.trim() + "' in bench.workloads; use "
                            + Arrays.stream(Workload.values()).map(Workload::label).collect(Collectors.joining(", ")))));
        }
        return selected;
    }
}
