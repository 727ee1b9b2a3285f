package io.reactiveorm.bench;

import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;
import java.time.Instant;

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
}
