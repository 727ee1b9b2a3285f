package io.reactiveorm.bench;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import java.util.List;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Statement plumbing the table classes share: a pooled connection per call, statements run one
 * after another with whatever they return drained.
 *
 * <p>Thread-safety: stateless.
 */
final class BenchSql {

    private BenchSql() {
    }

    /** Runs {@code work} on a connection taken from {@code connectionFactory} and closes it afterwards. */
    static <T> Mono<T> withConnection(ConnectionFactory connectionFactory, Function<Connection, Mono<T>> work) {
        return Mono.usingWhen(connectionFactory.create(), work, Connection::close);
    }

    /** Runs {@code statement} and drains whatever it returns (ANALYZE answers with rows on some databases). */
    static Mono<Void> execute(Connection connection, String statement) {
        return Flux.from(connection.createStatement(statement).execute())
                .flatMap(result -> result.flatMap(segment -> Mono.empty()))
                .then();
    }

    /** Runs {@code statements} in order, each after the previous one completed. */
    static Mono<Void> executeAll(Connection connection, List<String> statements) {
        return Flux.fromIterable(statements).concatMap(statement -> execute(connection, statement)).then();
    }

    /** Runs a query answering one row of numbers and emits them as longs, in column order. */
    static Mono<long[]> numbers(Connection connection, String query, int columns) {
        return Flux.from(connection.createStatement(query).execute())
                .flatMap(result -> result.map((row, metadata) -> {
                    long[] values = new long[columns];
                    for (int i = 0; i < columns; i++) {
                        values[i] = ((Number) row.get(i)).longValue();
                    }
                    return values;
                }))
                .single();
    }
}
