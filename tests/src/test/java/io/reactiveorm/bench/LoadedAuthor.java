package io.reactiveorm.bench;

import java.util.List;

/**
 * One author as {@link Workloads#graph10k()} emits it, whichever contender loaded it, so that
 * {@link Workload#GRAPH_10K} can check the loaded graph after the timed run.
 *
 * <p>Thread-safety: as the implementing object; read by the runner's thread only.
 */
interface LoadedAuthor {

    /** The id the database generated for the author. */
    long id();

    /** The author's name as read. */
    String name();

    /** The titles of the author's loaded books, in any order; built when called, not timed. */
    List<String> bookTitles();
}
