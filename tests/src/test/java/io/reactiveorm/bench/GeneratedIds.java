package io.reactiveorm.bench;

import io.r2dbc.spi.Result;
import java.util.List;
import java.util.function.ObjLongConsumer;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Hands the ids a multi-row INSERT returned to the rows it inserted, in order: PostgreSQL's
 * {@code RETURNING} and MariaDB's and H2's generated values come back in VALUES order (observed,
 * not promised; see docs/benchmark.md).
 *
 * <p>Thread-safety: stateless.
 */
final class GeneratedIds {

    private GeneratedIds() {
    }

    /**
     * Reads the first column of every row of {@code results} as a {@code long} and stores the
     * {@code i}-th into {@code rows.get(i)} through {@code setId}.
     *
     * @return completes when every row got its id; errors with an {@link IllegalStateException}
     *     when the count of ids differs from {@code rows.size()}
     */
    static <T> Mono<Void> assign(Publisher<? extends Result> results, List<T> rows, ObjLongConsumer<T> setId) {
        int[] next = {0};
        return Flux.from(results)
                .flatMap(result -> result.map((row, metadata) -> row.get(0, Long.class)))
                .doOnNext(id -> {
                    if (next[0] < rows.size()) {
                        setId.accept(rows.get(next[0]), id);
                    }
                    next[0]++;
                })
                .then(Mono.defer(() -> next[0] == rows.size() ? Mono.empty() : Mono.error(new IllegalStateException(
                        "INSERT of " + rows.size() + " rows returned " + next[0] + " generated ids"))));
    }
}
