package io.reactiveorm.bench;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Result;
import java.time.Instant;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The fastest SQL found for PostgreSQL through r2dbc-postgresql: whole columns bound as arrays
 * and spread by {@code unnest}, so each bulk operation has constant text (parsed once per
 * connection, whatever the row count) and four or fewer parameters, far from the 65,535-parameter
 * limit. Inserts go as {@value #INSERT_CHUNK}-row statements sent back to back (the graph's 1,000
 * authors as one). The books of the graph's authors are read with {@code author_id = ANY($1)}, the
 * ids as one array.
 *
 * <p>Reads of whole tables set a fetch size, which sends them through the extended protocol
 * instead of the simple one; only there does {@code forceBinary} take effect, and binary rows
 * (no timestamp parsing) read 10k persons about twice as fast as text rows.
 *
 * <p>Thread-safety: stateless.
 */
final class PostgresRawStatements implements RawStatements {

    /** Rows per INSERT; 10,000 rows as 4 pipelined statements ran as fast as 1, in some runs 5-10% faster. */
    static final int INSERT_CHUNK = 2_500;
    /** INSERTs in flight on the one connection: the driver encodes the next while the server runs one. */
    private static final int PIPELINED = 4;

    private static final String INSERT = "INSERT INTO person (name, email, age, created_at)"
            + " SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::int[], $4::timestamptz[]) RETURNING id";
    private static final String SELECT_ALL = "SELECT " + PersonRows.COLUMNS + " FROM person";
    private static final String SELECT_BY_ID = SELECT_ALL + " WHERE id = $1";
    private static final String UPDATE_AGES = "UPDATE person SET age = u.age"
            + " FROM unnest($1::bigint[], $2::int[]) AS u(id, age) WHERE person.id = u.id";
    private static final String DELETE = "DELETE FROM person WHERE id = ANY($1::bigint[])";
    private static final String INSERT_AUTHORS = "INSERT INTO bench_author (name) SELECT * FROM unnest($1::varchar[]) RETURNING id";
    private static final String INSERT_BOOKS = "INSERT INTO bench_book (author_id, title)"
            + " SELECT * FROM unnest($1::bigint[], $2::varchar[]) RETURNING id";
    private static final String SELECT_AUTHORS = "SELECT " + GraphRows.AUTHOR_COLUMNS + " FROM bench_author";
    private static final String SELECT_BOOKS_OF = "SELECT " + GraphRows.BOOK_COLUMNS + " FROM bench_book"
            + " WHERE author_id = ANY($1::bigint[])";

    @Override
    public Mono<Void> insert(Connection connection, List<Person> persons) {
        return Flux.fromIterable(ChunkedSql.chunks(persons, INSERT_CHUNK))
                .flatMapSequential(chunk -> insertChunk(connection, chunk), PIPELINED)
                .then();
    }

    private static Mono<Void> insertChunk(Connection connection, List<Person> chunk) {
        int size = chunk.size();
        String[] names = new String[size];
        String[] emails = new String[size];
        Integer[] ages = new Integer[size];
        Instant[] createdAts = new Instant[size];
        for (int i = 0; i < size; i++) {
            Person person = chunk.get(i);
            names[i] = person.name;
            emails[i] = person.email;
            ages[i] = person.age;
            createdAts[i] = person.createdAt;
        }
        return GeneratedIds.assign(connection.createStatement(INSERT)
                .bind(0, names).bind(1, emails).bind(2, ages).bind(3, createdAts)
                .execute(), chunk, (person, id) -> person.id = id);
    }

    @Override
    public Mono<List<Person>> selectAll(Connection connection) {
        return PersonRows.all(connection.createStatement(SELECT_ALL).fetchSize(Integer.MAX_VALUE));
    }

    @Override
    public Mono<Person> selectById(Connection connection, long id) {
        return PersonRows.one(connection.createStatement(SELECT_BY_ID).bind(0, id));
    }

    @Override
    public Mono<Long> updateAges(Connection connection, List<Person> persons) {
        int size = persons.size();
        Long[] ids = new Long[size];
        Integer[] ages = new Integer[size];
        for (int i = 0; i < size; i++) {
            ids[i] = persons.get(i).id;
            ages[i] = persons.get(i).age;
        }
        return rowsUpdated(Flux.from(connection.createStatement(UPDATE_AGES).bind(0, ids).bind(1, ages).execute()));
    }

    @Override
    public Mono<Long> deleteAll(Connection connection, List<Person> persons) {
        Long[] ids = new Long[persons.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = persons.get(i).id;
        }
        return rowsUpdated(Flux.from(connection.createStatement(DELETE).bind(0, ids).execute()));
    }

    /** All authors as one statement: 1,000 names are one small array. */
    @Override
    public Mono<Void> insertAuthors(Connection connection, List<Author> authors) {
        String[] names = new String[authors.size()];
        for (int i = 0; i < names.length; i++) {
            names[i] = authors.get(i).name;
        }
        return GeneratedIds.assign(connection.createStatement(INSERT_AUTHORS).bind(0, names).execute(), authors,
                (author, id) -> author.id = id);
    }

    @Override
    public Mono<Void> insertBooks(Connection connection, List<Book> books) {
        return Flux.fromIterable(ChunkedSql.chunks(books, INSERT_CHUNK))
                .flatMapSequential(chunk -> insertBookChunk(connection, chunk), PIPELINED)
                .then();
    }

    private static Mono<Void> insertBookChunk(Connection connection, List<Book> chunk) {
        Long[] authorIds = new Long[chunk.size()];
        String[] titles = new String[chunk.size()];
        for (int i = 0; i < authorIds.length; i++) {
            authorIds[i] = chunk.get(i).authorId;
            titles[i] = chunk.get(i).title;
        }
        return GeneratedIds.assign(connection.createStatement(INSERT_BOOKS).bind(0, authorIds).bind(1, titles).execute(), chunk,
                (book, id) -> book.id = id);
    }

    @Override
    public Mono<List<Author>> selectAuthors(Connection connection) {
        return GraphRows.authors(connection.createStatement(SELECT_AUTHORS).fetchSize(Integer.MAX_VALUE));
    }

    /** The ids as one array parameter: constant text, one bind, whatever the number of authors. */
    @Override
    public Mono<Void> selectBooksOf(Connection connection, List<Author> authors) {
        return GraphRows.addBooks(connection.createStatement(SELECT_BOOKS_OF).bind(0, GraphRows.ids(authors))
                .fetchSize(Integer.MAX_VALUE), authors);
    }

    private static Mono<Long> rowsUpdated(Flux<? extends Result> results) {
        return results.flatMap(Result::getRowsUpdated).reduce(0L, Long::sum);
    }
}
