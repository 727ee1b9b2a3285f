package io.reactiveorm.bench;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The benchmark's data set: how many rows a workload touches and the column values of person
 * number {@code i}, so every contender inserts and seeds exactly the same rows.
 *
 * <p>Values are deterministic, distinct per row and fit every database: names and emails are
 * ASCII, ages stay in {@code [18, 78)}, timestamps have microsecond precision (PostgreSQL
 * {@code timestamptz} and MariaDB {@code datetime(6)} keep them exactly).
 *
 * <p>Thread-safety: stateless.
 */
public final class SampleData {

    /** Rows inserted by {@link Workload#INSERT_10K} and seeded for the other workloads. */
    public static final int ROWS = 10_000;

    /** Lookups by id made by {@link Workload#FETCH_1K}. */
    public static final int LOOKUPS = 1_000;

    /** Authors inserted and loaded by {@link Workload#GRAPH_10K}. */
    public static final int AUTHORS = 1_000;

    /** Books of every author in {@link Workload#GRAPH_10K}. */
    public static final int BOOKS_PER_AUTHOR = 10;

    private static final Instant EPOCH = Instant.parse("2024-01-01T00:00:00Z");

    private SampleData() {
    }

    /** The name of person {@code i}, e.g. {@code "person-42"}. */
    public static String name(int i) {
        return "person-" + i;
    }

    /** The email of person {@code i}, e.g. {@code "person-42@example.com"}. */
    public static String email(int i) {
        return "person-" + i + "@example.com";
    }

    /** The age of person {@code i}, in {@code [18, 78)}. */
    public static int age(int i) {
        return 18 + i % 60;
    }

    /** The creation time of person {@code i}: one second and one microsecond apart per row. */
    public static Instant createdAt(int i) {
        return EPOCH.plus(i * 1_000_001L, ChronoUnit.MICROS);
    }

    /** The name of author {@code a}, e.g. {@code "author-42"}. */
    public static String authorName(int a) {
        return "author-" + a;
    }

    /**
     * The title of book {@code k} of author {@code a}, e.g. {@code "author-42 book 3"}: it starts
     * with the author's name and a space, so a check can tell whose book it is.
     */
    public static String bookTitle(int a, int k) {
        return authorName(a) + " book " + k;
    }

    /** The sum of {@link #age(int)} over persons {@code 0 .. rows-1}; the runner checks updates with it. */
    static long ageSum(int rows) {
        long sum = 0;
        for (int i = 0; i < rows; i++) {
            sum += age(i);
        }
        return sum;
    }
}
