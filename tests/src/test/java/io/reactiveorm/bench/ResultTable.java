package io.reactiveorm.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * Prints {@link Timings} as a fixed-width table in milliseconds (the contender column as wide as the
 * longest name): per workload and contender the
 * median and min–max, and, for every contender after the first, the ratio of its median to the
 * first contender's (the baseline, normally "raw").
 *
 * <p>Thread-safety: stateless.
 */
final class ResultTable {

    private static final double NANOS_PER_MILLI = 1_000_000.0;
    /** The contender column is as wide as the longest name, and at least this. */
    private static final int MIN_CONTENDER_WIDTH = 10;

    private ResultTable() {
    }

    static void print(List<Timings.Row> rows, String baseline, PrintStream out) {
        boolean ratios = rows.stream().anyMatch(row -> !row.contender().equals(baseline));
        int width = Math.max(MIN_CONTENDER_WIDTH, rows.stream().mapToInt(row -> row.contender().length()).max().orElse(0));
        String columns = "%-10s  %-" + width + "s  %10s  %17s";
        out.println(ratios
                ? String.format(Locale.ROOT, columns + "  %9s", "workload", "contender", "median ms", "min-max ms", "ratio")
                : String.format(Locale.ROOT, columns, "workload", "contender", "median ms", "min-max ms"));
        for (Timings.Row row : rows) {
            String line = String.format(Locale.ROOT, "%-10s  %-" + width + "s  %10.1f  %17s", row.workload().label(), row.contender(),
                    row.medianNanos() / NANOS_PER_MILLI,
                    String.format(Locale.ROOT, "%.1f-%.1f", row.minNanos() / NANOS_PER_MILLI, row.maxNanos() / NANOS_PER_MILLI));
            if (ratios && !row.contender().equals(baseline)) {
                line += baselineOf(rows, row, baseline)
                        .map(base -> String.format(Locale.ROOT, "  %9s", String.format(Locale.ROOT, "%.2f",
                                row.medianNanos() / base.medianNanos())))
                        .orElse("");
            }
            out.println(line);
        }
        if (ratios) {
            out.println("ratio = median of the contender / median of '" + baseline + "' (below 1.00: faster than " + baseline + ")");
        }
    }

    private static java.util.Optional<Timings.Row> baselineOf(List<Timings.Row> rows, Timings.Row row, String baseline) {
        return rows.stream()
                .filter(candidate -> candidate.workload() == row.workload() && candidate.contender().equals(baseline))
                .findFirst();
    }
}
