package io.reactiveorm.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The measured wall times of one run of the benchmark, per workload and contender, and their
 * median, minimum and maximum.
 *
 * <p>Thread-safety: none; filled and read by the runner's thread.
 */
final class Timings {

    private final Map<Workload, Map<String, List<Long>>> nanos = new LinkedHashMap<>();

    void add(Workload workload, String contender, long elapsedNanos) {
        nanos.computeIfAbsent(workload, w -> new LinkedHashMap<>())
                .computeIfAbsent(contender, c -> new ArrayList<>())
                .add(elapsedNanos);
    }

    /** The statistics of every workload and contender, in the order they were first added. */
    List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        nanos.forEach((workload, byContender) -> byContender.forEach((contender, samples) -> {
            long[] sorted = samples.stream().mapToLong(Long::longValue).sorted().toArray();
            rows.add(new Row(workload, contender, median(sorted), sorted[0], sorted[sorted.length - 1], sorted.length));
        }));
        return rows;
    }

    /** The middle value; for an even count the mean of the two middle values. */
    static double median(long[] samples) {
        if (samples.length == 0) {
            throw new IllegalArgumentException("No samples");
        }
        long[] copy = Arrays.copyOf(samples, samples.length);
        Arrays.sort(copy);
        int middle = copy.length / 2;
        return copy.length % 2 == 1 ? copy[middle] : (copy[middle - 1] + copy[middle]) / 2.0;
    }

    /** Statistics of one workload and contender, in nanoseconds. */
    record Row(Workload workload, String contender, double medianNanos, long minNanos, long maxNanos, int samples) {
    }
}
