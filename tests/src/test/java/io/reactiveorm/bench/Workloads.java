package io.reactiveorm.bench;

import java.util.Collection;
import reactor.core.publisher.Mono;

/**
 * One contender of the benchmark: the workloads implemented one way (hand-written R2DBC, the
 * ORM, ...). {@link BenchmarkRunner} times each method from subscription to its terminal
 * signal and compares contenders on the same database in the same run.
 *
 * <p>Tables {@code person(id, name, email, age, created_at)}, {@code bench_author(id, name)} and
 * {@code bench_book(id, author_id, title)} exist and are prepared by the runner before every run
 * (see {@link Workload}, {@link BenchTables}); {@link #setUp(Workload)} then lets the contender reset
 * state of its own. Implementations use only the {@code ConnectionFactory} of their
 * {@link BenchEnvironment}.
 *
 * <p>Contract for every workload method: it returns a cold {@code Mono} that does nothing until
 * subscribed (the runner subscribes exactly once per returned {@code Mono}); it never blocks; it
 * completes only after all its work is committed and its connections are released; it signals an
 * error instead of emitting a partial result. What the method emits is checked after the timed
 * run, together with the table's contents; a contender that skips work fails the run rather than
 * winning it.
 *
 * <p>Thread-safety: the runner calls one method at a time; implementations need not be
 * thread-safe.
 */
public interface Workloads {

    /** The contender's label in the result table, e.g. {@code "raw"} or {@code "orm"}. */
    String name();

    /**
     * Resets the contender's own state before a timed run of {@code workload}, after the runner
     * has prepared the table; not timed. Clear identity maps and caches here so that no run is
     * served from an earlier one. The default does nothing.
     *
     * @param workload the workload about to run
     * @return completes when the contender is ready
     */
    default Mono<Void> setUp(Workload workload) {
        return Mono.empty();
    }

    /**
     * Releases what the contender created for itself, once, after its last run; not timed. Never
     * closes the shared connection factory, which the runner owns. The default does nothing.
     *
     * @return completes when released
     */
    default Mono<Void> close() {
        return Mono.empty();
    }

    /**
     * Inserts {@link SampleData#ROWS} new persons with the values {@link SampleData} gives for
     * {@code i = 0 .. ROWS-1}, in one transaction, and reads back the generated id of every one.
     * The table is empty before.
     *
     * @return emits the inserted persons, one element per row, each holding its generated id
     */
    Mono<? extends Collection<?>> insert10k();

    /**
     * Loads every row of the table ({@link SampleData#ROWS} rows, all columns, one query), adds 1
     * to the age of each and writes all of them back, in one transaction.
     *
     * @return emits any value (e.g. the number of rows written); completes after the commit
     */
    Mono<?> update10k();

    /**
     * Loads every row of the table ({@link SampleData#ROWS} rows, all columns, one query) and
     * deletes all of them by id, in one transaction.
     *
     * @return emits any value (e.g. the number of rows deleted); completes after the commit
     */
    Mono<?> delete10k();

    /**
     * Reads every row of the table ({@link SampleData#ROWS} rows, all columns, one query) and maps
     * each into a Java object.
     *
     * @return emits the mapped objects, one element per row
     */
    Mono<? extends Collection<?>> find10k();

    /**
     * Looks up the persons with the given ids one after another, one {@code SELECT ... WHERE id = ?}
     * each, never more than one lookup in flight, mapping each row into a Java object.
     *
     * @param ids {@link SampleData#LOOKUPS} ids of existing rows, in lookup order; the array is
     *     the contender's own copy
     * @return emits the mapped objects in lookup order, one element per id
     */
    Mono<? extends Collection<?>> fetch1k(long[] ids);

    /**
     * Writes and then reads an object graph. First, in one transaction: inserts
     * {@link SampleData#AUTHORS} new authors ({@link SampleData#authorName}) reading back their
     * generated ids, and {@link SampleData#BOOKS_PER_AUTHOR} new books per author
     * ({@link SampleData#bookTitle}) referencing them. Then, from the database and nothing kept in
     * memory: reads every author in one query, and the books of those authors in one query that
     * names the authors' ids ({@code author_id IN (...)} or its equivalent, not a scan of the
     * whole table), and groups each book under its author. Both tables are empty before.
     *
     * @return emits the loaded authors, one element per author row, each holding its loaded books
     */
    Mono<? extends Collection<? extends LoadedAuthor>> graph10k();
}
