package io.reactiveorm.bench;

import reactor.core.publisher.Mono;

/**
 * The benchmark's tables, created before the first run and dropped after the last: {@code person}
 * for the person workloads, {@code bench_author} and {@code bench_book} for graph10k.
 *
 * <p>Thread-safety: one call at a time.
 *
 * @param persons table {@code person}
 * @param graph tables {@code bench_author} and {@code bench_book}
 */
record BenchTables(PersonTable persons, GraphTables graph) {

    BenchTables(BenchEnvironment environment) {
        this(new PersonTable(environment), new GraphTables(environment));
    }

    Mono<Void> create() {
        return persons.create().then(graph.create());
    }

    Mono<Void> drop() {
        return graph.drop().then(persons.drop());
    }
}
