package io.reactiveorm.bench;

import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;
import io.r2dbc.spi.Statement;
import java.time.Instant;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Maps rows of {@link #COLUMNS}, in that order, into {@link Person}; by index, as hand-written
 * code that knows its own SELECT would.
 *
 * <p>Thread-safety: stateless.
 */
final class PersonRows {

    /** The select list every raw query of whole persons uses; {@link #map} relies on its order. */
    static final String COLUMNS = "id, name, email, age, created_at";

    private PersonRows() {
    }

    static Person map(Row row, RowMetadata metadata) {
        Person person = new Person();
        person.id = row.get(0, Long.class);
        person.name = row.get(1, String.class);
        person.email = row.get(2, String.class);
        person.age = row.get(3, Integer.class);
        person.createdAt = row.get(4, Instant.class);
        return person;
    }

    /** Executes a query of whole persons and maps every row. */
    static Mono<List<Person>> all(Statement query) {
        return Flux.from(query.execute()).flatMap(result -> result.map(PersonRows::map)).collectList();
    }

    /** Executes a query of at most one person and maps it; empty when there is no row. */
    static Mono<Person> one(Statement query) {
        return Flux.from(query.execute()).flatMap(result -> result.map(PersonRows::map)).singleOrEmpty();
    }
}
