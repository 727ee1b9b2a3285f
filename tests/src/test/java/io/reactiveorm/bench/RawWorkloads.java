package io.reactiveorm.bench;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The baseline contender: the workloads written by hand on plain R2DBC with the fastest SQL
 * found for the database ({@link RawStatements}), everything else as an application would do it
 * (connection from the pool, explicit transaction, rows mapped into {@link Person}).
 *
 * <p>Thread-safety: one workload at a time, as {@link Workloads} requires.
 */
final class RawWorkloads implements Workloads {

    private final ConnectionFactory connectionFactory;
    private final RawStatements statements;
    private final String name;
    private final boolean connectionPerLookup;

    /** Creates the raw contender for {@code environment}'s database. */
    RawWorkloads(BenchEnvironment environment) {
        this(environment, "raw", false);
    }

    /**
     * Creates a raw contender named {@code name}; with {@code connectionPerLookup}, fetch1k takes a
     * connection from the pool for every lookup, as a fork per lookup does, instead of holding one.
     */
    RawWorkloads(BenchEnvironment environment, String name, boolean connectionPerLookup) {
        this.connectionFactory = environment.connectionFactory();
        this.statements = environment.database().rawStatements();
        this.name = name;
        this.connectionPerLookup = connectionPerLookup;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Mono<List<Person>> insert10k() {
        return inTransaction(connection -> {
            List<Person> persons = new ArrayList<>(SampleData.ROWS);
            for (int i = 0; i < SampleData.ROWS; i++) {
                persons.add(Person.sample(i));
            }
            return statements.insert(connection, persons).thenReturn(persons);
        });
    }

    @Override
    public Mono<Long> update10k() {
        return inTransaction(connection -> statements.selectAll(connection).flatMap(persons -> {
            for (Person person : persons) {
                person.age++;
            }
            return statements.updateAges(connection, persons);
        }));
    }

    @Override
    public Mono<Long> delete10k() {
        return inTransaction(connection -> statements.selectAll(connection)
                .flatMap(persons -> statements.deleteAll(connection, persons)));
    }

    @Override
    public Mono<List<Person>> find10k() {
        return withConnection(statements::selectAll);
    }

    @Override
    public Mono<List<Person>> fetch1k(long[] ids) {
        if (connectionPerLookup) {
            return Flux.range(0, ids.length)
                    .concatMap(i -> withConnection(connection -> statements.selectById(connection, ids[i])))
                    .collectList();
        }
        return withConnection(connection -> Flux.range(0, ids.length)
                .concatMap(i -> statements.selectById(connection, ids[i]))
                .collectList());
    }

    /** Writes in one transaction, then reads on a connection of its own, as a separate request would. */
    @Override
    public Mono<List<Author>> graph10k() {
        return inTransaction(connection -> {
            List<Author> authors = new ArrayList<>(SampleData.AUTHORS);
            for (int a = 0; a < SampleData.AUTHORS; a++) {
                authors.add(Author.sample(a));
            }
            return statements.insertAuthors(connection, authors).then(Mono.defer(() -> {
                List<Book> books = new ArrayList<>(SampleData.AUTHORS * SampleData.BOOKS_PER_AUTHOR);
                for (Author author : authors) {
                    for (Book book : author.books) {
                        book.authorId = author.id;
                        books.add(book);
                    }
                }
                return statements.insertBooks(connection, books);
            })).thenReturn(authors.size());
        }).then(withConnection(connection -> statements.selectAuthors(connection)
                .flatMap(authors -> statements.selectBooksOf(connection, authors).thenReturn(authors))));
    }

    private <T> Mono<T> withConnection(Function<Connection, Mono<T>> work) {
        return Mono.usingWhen(connectionFactory.create(), work, Connection::close);
    }

    private <T> Mono<T> inTransaction(Function<Connection, Mono<T>> work) {
        return Mono.usingWhen(
                connectionFactory.create(),
                connection -> Mono.from(connection.beginTransaction())
                        .then(Mono.defer(() -> work.apply(connection)))
                        .flatMap(result -> Mono.from(connection.commitTransaction()).thenReturn(result)),
                Connection::close,
                (connection, error) -> rollbackAndClose(connection),
                this::rollbackAndClose);
    }

    /** A failed or cancelled run must not hand a connection with an open transaction back to the pool. */
    private Mono<Void> rollbackAndClose(Connection connection) {
        return Mono.from(connection.rollbackTransaction())
                .onErrorResume(rollbackError -> Mono.empty())
                .then(Mono.from(connection.close()));
    }
}
