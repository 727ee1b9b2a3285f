package io.reactiveorm.bench;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Statement;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The fastest SQL found for MariaDB (10.6 or later) through r2dbc-mysql with client-side
 * prepared statements: multi-row statements of {@value #CHUNK} rows, sent back to back without
 * waiting for each other's answer, and a single {@code JSON_TABLE} join for the update, whose
 * text is constant whatever the row count. The graph's authors go as one 1,000-row statement,
 * its books like persons, and the books of the authors are read with an {@code IN} list of their
 * ids.
 *
 * <p>Thread-safety: one run at a time (the chunk SQL cache is not synchronised).
 */
final class MariaDbRawStatements implements RawStatements {

    /** Rows per multi-row statement; 10,000 rows as 4 pipelined statements beat 1 or 10 of them. */
    static final int CHUNK = 2_500;
    /** Chunks in flight on the one connection; the server still runs them one after another. */
    private static final int PIPELINED = 4;

    private static final String SELECT_ALL = "SELECT " + PersonRows.COLUMNS + " FROM person";
    private static final String SELECT_BY_ID = SELECT_ALL + " WHERE id = ?";
    private static final String SELECT_AUTHORS = "SELECT " + GraphRows.AUTHOR_COLUMNS + " FROM bench_author";
    private static final String UPDATE_AGES = "UPDATE person p JOIN JSON_TABLE(?, '$[*]' COLUMNS ("
            + "id BIGINT PATH '$[0]', age INT PATH '$[1]')) u ON p.id = u.id SET p.age = u.age";

    private final ChunkedSql insertSql = new ChunkedSql(
            "INSERT INTO person (name, email, age, created_at) VALUES ", "(?, ?, ?, ?)", ", ", "");
    private final ChunkedSql deleteSql = new ChunkedSql("DELETE FROM person WHERE id IN (", "?", ", ", ")");
    private final ChunkedSql insertAuthorSql = new ChunkedSql("INSERT INTO bench_author (name) VALUES ", "(?)", ", ", "");
    private final ChunkedSql insertBookSql = new ChunkedSql("INSERT INTO bench_book (author_id, title) VALUES ", "(?, ?)", ", ", "");
    private final ChunkedSql selectBooksOfSql = new ChunkedSql(
            "SELECT " + GraphRows.BOOK_COLUMNS + " FROM bench_book WHERE author_id IN (", "?", ", ", ")");

    @Override
    public Mono<Void> insert(Connection connection, List<Person> persons) {
        return Flux.fromIterable(ChunkedSql.chunks(persons, CHUNK))
                .flatMapSequential(chunk -> insertChunk(connection, chunk), PIPELINED)
                .then();
    }

    /** MariaDB answers {@code returnGeneratedValues} with {@code RETURNING}: every id, in VALUES order. */
    private Mono<Void> insertChunk(Connection connection, List<Person> chunk) {
        Statement statement = connection.createStatement(insertSql.forRows(chunk.size())).returnGeneratedValues("id");
        for (int i = 0; i < chunk.size(); i++) {
            Person person = chunk.get(i);
            int base = 4 * i;
            statement.bind(base, person.name).bind(base + 1, person.email).bind(base + 2, person.age)
                    .bind(base + 3, person.createdAt);
        }
        return GeneratedIds.assign(statement.execute(), chunk, (person, id) -> person.id = id);
    }

    @Override
    public Mono<List<Person>> selectAll(Connection connection) {
        return PersonRows.all(connection.createStatement(SELECT_ALL));
    }

    @Override
    public Mono<Person> selectById(Connection connection, long id) {
        return PersonRows.one(connection.createStatement(SELECT_BY_ID).bind(0, id));
    }

    /** Ships all (id, age) pairs as one JSON array parameter, e.g. {@code [[1,19],[2,20]]}. */
    @Override
    public Mono<Long> updateAges(Connection connection, List<Person> persons) {
        StringBuilder pairs = new StringBuilder(persons.size() * 12 + 2).append('[');
        for (int i = 0; i < persons.size(); i++) {
            Person person = persons.get(i);
            pairs.append(i == 0 ? "[" : ",[").append(person.id).append(',').append(person.age).append(']');
        }
        pairs.append(']');
        return rowsUpdated(Flux.from(connection.createStatement(UPDATE_AGES).bind(0, pairs.toString()).execute()));
    }

    @Override
    public Mono<Long> deleteAll(Connection connection, List<Person> persons) {
        return Flux.fromIterable(ChunkedSql.chunks(persons, CHUNK)).concatMap(chunk -> {
            Statement statement = connection.createStatement(deleteSql.forRows(chunk.size()));
            for (int i = 0; i < chunk.size(); i++) {
                statement.bind(i, chunk.get(i).id);
            }
            return rowsUpdated(Flux.from(statement.execute()));
        }).reduce(0L, Long::sum);
    }

    /** All authors as one statement of 1,000 rows. */
    @Override
    public Mono<Void> insertAuthors(Connection connection, List<Author> authors) {
        Statement statement = connection.createStatement(insertAuthorSql.forRows(authors.size())).returnGeneratedValues("id");
        for (int i = 0; i < authors.size(); i++) {
            statement.bind(i, authors.get(i).name);
        }
        return GeneratedIds.assign(statement.execute(), authors, (author, id) -> author.id = id);
    }

    @Override
    public Mono<Void> insertBooks(Connection connection, List<Book> books) {
        return Flux.fromIterable(ChunkedSql.chunks(books, CHUNK))
                .flatMapSequential(chunk -> insertBookChunk(connection, chunk), PIPELINED)
                .then();
    }

    private Mono<Void> insertBookChunk(Connection connection, List<Book> chunk) {
        Statement statement = connection.createStatement(insertBookSql.forRows(chunk.size())).returnGeneratedValues("id");
        for (int i = 0; i < chunk.size(); i++) {
            Book book = chunk.get(i);
            statement.bind(2 * i, book.authorId).bind(2 * i + 1, book.title);
        }
        return GeneratedIds.assign(statement.execute(), chunk, (book, id) -> book.id = id);
    }

    @Override
    public Mono<List<Author>> selectAuthors(Connection connection) {
        return GraphRows.authors(connection.createStatement(SELECT_AUTHORS));
    }

    /** The ids as an {@code IN} list of 1,000 parameters. */
    @Override
    public Mono<Void> selectBooksOf(Connection connection, List<Author> authors) {
        return GraphRows.addBooksOf(connection, selectBooksOfSql, authors);
    }

    private static Mono<Long> rowsUpdated(Flux<? extends Result> results) {
        return results.flatMap(Result::getRowsUpdated).reduce(0L, Long::sum);
    }
}
