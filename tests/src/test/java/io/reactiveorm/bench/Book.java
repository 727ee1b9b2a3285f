package io.reactiveorm.bench;

/**
 * One row of table {@code bench_book} as the raw contenders hold it: plain mutable fields, the
 * author as its id, as the row has it.
 *
 * <p>Thread-safety: none; each instance belongs to one workload run.
 */
final class Book {

    long id;
    long authorId;
    String title;
}
