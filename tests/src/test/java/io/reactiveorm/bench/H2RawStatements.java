package io.reactiveorm.bench;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Statement;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Plain, correct SQL for in-memory H2: multi-row statements in chunks. H2 runs inside the JVM, so
 * this is a smoke test of the runner and of a contender's correctness, not a tuned baseline.
 * Names are quoted lower case, as {@link PersonTable} and {@link GraphTables} create them on H2.
 *
 * <p>Thread-safety: one run at a time (the chunk SQL cache is not synchronised).
 */
final class H2RawStatements implements RawStatements {

    private static final int CHUNK = 1_000;
    private static final String SELECT_ALL =
            "SELECT \"id\", \"name\", \"email\", \"age\", \"created_at\" FROM \"person\"";
    private static final String SELECT_BY_ID = SELECT_ALL + " WHERE \"id\" = $1";
    private static final String SELECT_AUTHORS = "SELECT \"id\", \"name\" FROM \"bench_author\"";
    private static final String UPDATE_AGE = "UPDATE \"person\" SET \"age\" = $1 WHERE \"id\" = $2";

    private final ChunkedSql insertSql = new ChunkedSql(
            "INSERT INTO \"person\" (\"name\", \"email\", \"age\", \"created_at\") VALUES ", "(?, ?, ?, ?)", ", ", "");
    private final ChunkedSql deleteSql = new ChunkedSql("DELETE FROM \"person\" WHERE \"id\" IN (", "?", ", ", ")");
    private final ChunkedSql insertAuthorSql = new ChunkedSql("INSERT INTO \"bench_author\" (\"name\") VALUES ", "(?)", ", ", "");
    private final ChunkedSql insertBookSql = new ChunkedSql(
            "INSERT INTO \"bench_book\" (\"author_id\", \"title\") VALUES ", "(?, ?)", ", ", "");
    private final ChunkedSql selectBooksOfSql = new ChunkedSql("SELECT \"id\", \"author_id\", \"title\" FROM \"bench_book\""
            + " WHERE \"author_id\" IN (", "?", ", ", ")");

    @Override
    public Mono<Void> insert(Connection connection, List<Person> persons) {
        return Flux.fromIterable(ChunkedSql.chunks(persons, CHUNK)).concatMap(chunk -> {
            Statement statement = connection.createStatement(insertSql.forRows(chunk.size())).returnGeneratedValues("id");
            for (int i = 0; i < chunk.size(); i++) {
                Person person = chunk.get(i);
                int base = 4 * i;
                statement.bind(base, person.name).bind(base + 1, person.email).bind(base + 2, person.age)
                        .bind(base + 3, person.createdAt);
            }
            return GeneratedIds.assign(statement.execute(), chunk, (person, id) -> person.id = id);
        }).then();
    }

    @Override
    public Mono<List<Person>> selectAll(Connection connection) {
        return PersonRows.all(connection.createStatement(SELECT_ALL));
    }

    @Override
    public Mono<Person> selectById(Connection connection, long id) {
        return PersonRows.one(connection.createStatement(SELECT_BY_ID).bind(0, id));
    }

    @Override
    public Mono<Long> updateAges(Connection connection, List<Person> persons) {
        Statement statement = connection.createStatement(UPDATE_AGE);
        for (int i = 0; i < persons.size(); i++) {
            if (i > 0) {
                statement.add();
            }
            statement.bind(0, persons.get(i).age).bind(1, persons.get(i).id);
        }
        return Flux.from(statement.execute()).flatMap(Result::getRowsUpdated).reduce(0L, Long::sum);
    }

    @Override
    public Mono<Long> deleteAll(Connection connection, List<Person> persons) {
        return Flux.fromIterable(ChunkedSql.chunks(persons, CHUNK)).concatMap(chunk -> {
            Statement statement = connection.createStatement(deleteSql.forRows(chunk.size()));
            for (int i = 0; i < chunk.size(); i++) {
                statement.bind(i, chunk.get(i).id);
            }
            return Flux.from(statement.execute()).flatMap(Result::getRowsUpdated);
        }).reduce(0L, Long::sum);
    }

    @Override
    public Mono<Void> insertAuthors(Connection connection, List<Author> authors) {
        return Flux.fromIterable(ChunkedSql.chunks(authors, CHUNK)).concatMap(chunk -> {
            Statement statement = connection.createStatement(insertAuthorSql.forRows(chunk.size())).returnGeneratedValues("id");
            for (int i = 0; i < chunk.size(); i++) {
                statement.bind(i, chunk.get(i).name);
            }
            return GeneratedIds.assign(statement.execute(), chunk, (author, id) -> author.id = id);
        }).then();
    }

    @Override
    public Mono<Void> insertBooks(Connection connection, List<Book> books) {
        return Flux.fromIterable(ChunkedSql.chunks(books, CHUNK)).concatMap(chunk -> {
            Statement statement = connection.createStatement(insertBookSql.forRows(chunk.size())).returnGeneratedValues("id");
            for (int i = 0; i < chunk.size(); i++) {
                statement.bind(2 * i, chunk.get(i).authorId).bind(2 * i + 1, chunk.get(i).title);
            }
            return GeneratedIds.assign(statement.execute(), chunk, (book, id) -> book.id = id);
        }).then();
    }

    @Override
    public Mono<List<Author>> selectAuthors(Connection connection) {
        return GraphRows.authors(connection.createStatement(SELECT_AUTHORS));
    }

    @Override
    public Mono<Void> selectBooksOf(Connection connection, List<Author> authors) {
        return GraphRows.addBooksOf(connection, selectBooksOfSql, authors);
    }
}
