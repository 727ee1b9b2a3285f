package io.reactiveorm.bench;

import java.util.Collection;
import reactor.core.publisher.Mono;

/**
 * The timed workloads, in the order the runner reports them. Each knows the table state it starts
 * from, which {@link Workloads} method it times and how to check the outcome; none of the
 * preparation or checking is timed.
 *
 * <p>Thread-safety: immutable.
 */
public enum Workload {

    /** {@link Workloads#insert10k()} into an empty table. */
    INSERT_10K("insert10k") {
        @Override
        Mono<PreparedTable> prepare(BenchTables tables) {
            return tables.persons().empty();
        }

        @Override
        Mono<?> start(Workloads contender, PreparedTable table) {
            return contender.insert10k();
        }

        @Override
        Mono<Void> verify(String what, Object result, PreparedTable before, BenchTables tables) {
            return requireElements(what, result, SampleData.ROWS)
                    .then(tables.persons().expect(what, SampleData.ROWS, SampleData.ageSum(SampleData.ROWS)));
        }
    },

    /** {@link Workloads#update10k()} over {@link SampleData#ROWS} seeded rows. */
    UPDATE_10K("update10k") {
        @Override
        Mono<?> start(Workloads contender, PreparedTable table) {
            return contender.update10k();
        }

        @Override
        Mono<Void> verify(String what, Object result, PreparedTable before, BenchTables tables) {
            return tables.persons().expect(what, before.rows(), before.ageSum() + before.rows());
        }
    },

    /** {@link Workloads#delete10k()} of {@link SampleData#ROWS} seeded rows. */
    DELETE_10K("delete10k") {
        @Override
        Mono<?> start(Workloads contender, PreparedTable table) {
            return contender.delete10k();
        }

        @Override
        Mono<Void> verify(String what, Object result, PreparedTable before, BenchTables tables) {
            return tables.persons().expect(what, 0, 0);
        }
    },

    /** {@link Workloads#find10k()} of {@link SampleData#ROWS} seeded rows. */
    FIND_10K("find10k") {
        @Override
        Mono<?> start(Workloads contender, PreparedTable table) {
            return contender.find10k();
        }

        @Override
        Mono<Void> verify(String what, Object result, PreparedTable before, BenchTables tables) {
            return requireElements(what, result, before.rows());
        }
    },

    /** {@link Workloads#fetch1k(long[])} of {@link SampleData#LOOKUPS} seeded ids. */
    FETCH_1K("fetch1k") {
        @Override
        Mono<?> start(Workloads contender, PreparedTable table) {
            return contender.fetch1k(table.lookupIds());
        }

        @Override
        Mono<Void> verify(String what, Object result, PreparedTable before, BenchTables tables) {
            return requireElements(what, result, SampleData.LOOKUPS);
        }
    },

    /** {@link Workloads#graph10k()} into empty tables {@code bench_author} and {@code bench_book}. */
    GRAPH_10K("graph10k") {
        @Override
        Mono<PreparedTable> prepare(BenchTables tables) {
            return tables.graph().empty();
        }

        @Override
        Mono<?> start(Workloads contender, PreparedTable table) {
            return contender.graph10k();
        }

        @Override
        Mono<Void> verify(String what, Object result, PreparedTable before, BenchTables tables) {
            return LoadedGraph.require(what, result).then(tables.graph().expectGraph(what));
        }
    };

    private final String label;

    Workload(String label) {
        this.label = label;
    }

    /** The name in the result table and in {@code -Dbench.workloads}, e.g. {@code "insert10k"}. */
    public String label() {
        return label;
    }

    /** Puts the tables into this workload's starting state; by default {@link SampleData#ROWS} seeded persons. */
    Mono<PreparedTable> prepare(BenchTables tables) {
        return tables.persons().seeded();
    }

    /** Calls the contender's method for this workload; the runner times the returned {@code Mono}. */
    abstract Mono<?> start(Workloads contender, PreparedTable table);

    /**
     * Checks what the run emitted and left in the tables.
     *
     * @param what names the run in error messages, e.g. {@code "find10k by 'raw'"}
     * @param result what the timed {@code Mono} emitted, {@code null} if it completed empty
     * @param before the state {@link #prepare} left the table in
     */
    abstract Mono<Void> verify(String what, Object result, PreparedTable before, BenchTables tables);

    private static Mono<Void> requireElements(String what, Object result, int expected) {
        int actual = result instanceof Collection<?> collection ? collection.size() : -1;
        if (actual == expected) {
            return Mono.empty();
        }
        String found = result == null ? "nothing" : actual < 0 ? "a " + result.getClass().getName() : actual + " elements";
        return Mono.error(new IllegalStateException(what + " emitted " + found + "; expected a collection of " + expected
                + " elements, one per row. Does the contender implement the workload as Workloads documents it?"));
    }
}
