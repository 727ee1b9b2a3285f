package io.reactiveorm.bench;

import io.r2dbc.spi.Connection;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * The fastest hand-written SQL for one database: the building blocks {@link RawWorkloads} times
 * and {@link PersonTable} seeds with. Each method runs on the connection it is given, inside the
 * caller's transaction if there is one, and returns a cold {@code Mono}.
 *
 * <p>Implementations keep their SQL text constant or cached per shape, so the driver's prepared
 * statement cache can do its job. Thread-safety: implementations are safe for use by one run at
 * a time.
 */
interface RawStatements {

    /** Inserts {@code persons} and stores each generated id into its {@link Person#id}. */
    Mono<Void> insert(Connection connection, List<Person> persons);

    /** Reads every row of {@code person}, all columns, in one query. */
    Mono<List<Person>> selectAll(Connection connection);

    /** Reads the row with {@code id}; empty if there is none. */
    Mono<Person> selectById(Connection connection, long id);

    /** Writes the {@link Person#age} of each of {@code persons} to its row; emits the rows updated. */
    Mono<Long> updateAges(Connection connection, List<Person> persons);

    /** Deletes the rows of {@code persons} by id; emits the rows deleted. */
    Mono<Long> deleteAll(Connection connection, List<Person> persons);

    /** Inserts {@code authors} (not their books) and stores each generated id into its {@link Author#id}. */
    Mono<Void> insertAuthors(Connection connection, List<Author> authors);

    /** Inserts {@code books}, whose {@link Book#authorId} is set, and stores each generated id into its {@link Book#id}. */
    Mono<Void> insertBooks(Connection connection, List<Book> books);

    /** Reads every row of {@code bench_author} in one query, with empty book lists. */
    Mono<List<Author>> selectAuthors(Connection connection);

    /**
     * Reads the books of {@code authors} in one query naming their ids ({@code IN} list or array)
     * and adds each to its author's {@link Author#books}.
     */
    Mono<Void> selectBooksOf(Connection connection, List<Author> authors);
}
