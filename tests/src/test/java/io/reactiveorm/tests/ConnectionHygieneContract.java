package io.reactiveorm.tests;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.PoolMetrics;
import io.r2dbc.spi.Connection;
import io.reactiveorm.EntityManager;
import io.reactiveorm.query.Filter;
import io.reactiveorm.query.LoadStrategy;
import io.reactiveorm.query.Query;
import io.reactiveorm.sql.SchemaGenerator;
import io.reactiveorm.sql.StatementEvent;
import io.reactiveorm.tests.db.TestDatabase;
import io.reactiveorm.tests.domain.Person;
import io.reactiveorm.tests.relations.Author;
import io.reactiveorm.tests.relations.Book;
import io.reactiveorm.tests.relations.Publisher;
import io.reactiveorm.tests.relations.Tag;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Connection release and transaction state after errors and cancels, on every database. */
abstract class ConnectionHygieneContract extends OrmContract {

    @Override
    List<Class<?>> entities() {
        return List.of(Person.class, Author.class, Book.class, Publisher.class, Tag.class);
    }

    ConnectionPool pool() {
        return (ConnectionPool) database().connectionFactory();
    }

    /**
     * 0 acquired, 0 pending, and no pooled connection left inside a transaction. Awaited: a data-loader
     * batch sent while its loads were being cancelled one by one still asks for a connection, until the
     * cancel of its last load withdraws the request.
     */
    void assertPoolClean(String what) {
        Polling.awaitTrue(() -> database().acquiredConnections() == 0
                && pool().getMetrics().orElseThrow().pendingAcquireSize() == 0, Duration.ofSeconds(10));
        PoolMetrics metrics = pool().getMetrics().orElseThrow();
        assertThat(metrics.acquiredSize()).as("acquired after %s", what).isZero();
        assertThat(metrics.pendingAcquireSize()).as("pending after %s", what).isZero();
        int max = metrics.getMaxAllocatedSize();
        List<Connection> all = await(Flux.range(0, max).flatMap(i -> Mono.from(pool().create()), max));
        try {
            for (Connection c : all) {
                assertThat(c.isAutoCommit()).as("pooled connection in auto-commit after %s", what).isTrue();
                assertThat(inTransaction(c)).as("pooled connection inside a transaction after %s", what).isZero();
            }
            if (database() == TestDatabase.POSTGRES) {
                long idleInTx = await(Flux.from(all.get(0).createStatement(
                                "SELECT COUNT(*) FROM pg_stat_activity WHERE state LIKE 'idle in transaction%'").execute())
                        .flatMap(r -> r.map((row, m) -> ((Number) row.get(0)).longValue())).single());
                assertThat(idleInTx).as("idle in transaction after %s", what).isZero();
            }
        } finally {
            await(Flux.fromIterable(all).concatMap(Connection::close).then());
        }
        assertThat(pool().getMetrics().orElseThrow().acquiredSize()).isZero();
    }

    /** 1 when the connection is in an open transaction, 0 when not (per database). */
    long inTransaction(Connection c) {
        String sql = switch (database()) {
            case POSTGRES -> "SELECT CASE WHEN now() = statement_timestamp() THEN 0 ELSE 1 END";
            case MARIADB -> "SELECT @@in_transaction";
            case H2 -> "SELECT 0";
        };
        return await(Flux.from(c.createStatement(sql).execute())
                .flatMap(r -> r.map((row, m) -> ((Number) row.get(0)).longValue())).single());
    }

    private void people(int n) {
        EntityManager em = orm.fork();
        IntStream.range(0, n).forEach(i -> em.persist(new Person("p" + i, null, i % 100)));
        await(em.flush());
    }

    private void authors(int n) {
        EntityManager em = orm.fork();
        List<Tag> tags = new ArrayList<>();
        for (int t = 0; t < 5; t++) {
            tags.add(em.persist(new Tag("tag " + t)));
        }
        for (int a = 0; a < n; a++) {
            Author author = em.persist(new Author("author " + a, null));
            for (int b = 0; b < 3; b++) {
                Book book = new Book("book " + a + "." + b, null);
                author.getBooks().add(book);
                book.getTags().add(tags.get((a + b) % 5));
            }
        }
        await(em.flush());
    }

    /** Cancels {@code op} at 0..n ms (and right at subscribe), then checks the pool. */
    private <T> void cancelAtDelays(String what, Function<EntityManager, Flux<T>> op, int maxMs) {
        for (int ms = -1; ms <= maxMs; ms++) {
            EntityManager em = orm.fork();
            Disposable d = op.apply(em).subscribe(x -> { }, e -> { });
            if (ms >= 0) {
                sleep(ms);
            }
            d.dispose();
            assertPoolClean(what + " cancelled at " + ms + " ms");
            // the same fork is usable afterwards
            assertThat(await(em.count(Person.class, Filter.all()))).isNotNull();
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void findTakeOneErrorInMapAndCancelReleaseTheConnection() {
        people(20_000);
        EntityManager em = orm.fork();
        assertThat(await(em.find(Person.class, Filter.all()).take(1))).hasSize(1);
        assertPoolClean("take(1)");
        StepVerifier.create(orm.fork().find(Person.class, Filter.all()).map(p -> {
                    if (p.getAge() == 5) {
                        throw new IllegalStateException("map failed");
                    }
                    return p;
                }))
                .thenConsumeWhile(p -> true).expectErrorMessage("map failed").verify(TIMEOUT);
        assertPoolClean("error in map");
        cancelAtDelays("find", f -> f.find(Person.class, Filter.all()), 20);
        assertThat(await(orm.fork().count(Person.class, Filter.all()))).isEqualTo(20_000);
    }

    /**
     * A read without parameters (Filter.all()) cancelled from another thread while its rows stream, then
     * the next read of the pool: outside a transaction, 100 times.
     */
    @Test
    void aParameterlessReadCancelledWhileItStreamsLeavesItsConnectionUsable() {
        people(5000);
        for (int i = 0; i < 100; i++) {
            Disposable d = orm.fork().find(Person.class, Filter.all()).subscribe(x -> { }, e -> { });
            sleep(i % 5);
            d.dispose();
            int at = i;
            assertThat(orm.fork().count(Person.class, Filter.all()).timeout(Duration.ofSeconds(5))
                    .onErrorMap(TimeoutException.class, e -> new AssertionError("count hung after the cancel at iteration " + at, e))
                    .block()).isEqualTo(5000);
        }
        assertPoolClean("parameterless reads cancelled");
    }

    /** The same inside transactional: the cancel rolls back, the connection goes back to the pool; 100 times. */
    @Test
    void aTransactionalCancelledWhileItsParameterlessReadStreamsRollsBackAndReleasesTheConnection() {
        people(5000);
        for (int i = 0; i < 100; i++) {
            Disposable d = orm.fork().transactional(tx -> tx.find(Person.class, Filter.all()).map(Person::getName).collectList())
                    .subscribe(x -> { }, e -> { });
            sleep(i % 5);
            d.dispose();
            int at = i;
            Polling.awaitTrue(() -> database().acquiredConnections() == 0, Duration.ofSeconds(5));
            assertThat(database().acquiredConnections()).as("connections acquired 5 s after the cancel at iteration %d", at).isZero();
        }
        assertPoolClean("transactional reads cancelled");
    }

    /**
     * A transactional timed out (on Reactor's parallel timer) while its read streams: rolled back, nothing
     * blocks, the pool is clean. Each limit either times the read out or lets it finish first (a warm H2 can
     * read the rows in a few ms).
     */
    @Test
    void aTransactionalTimedOutWhileItReadsRollsBackWithoutBlocking() {
        people(5000);
        int timedOut = 0;
        for (int ms = 0; ms <= 10; ms++) {
            Throwable error = await(orm.fork().transactional(tx -> tx.find(Person.class, Filter.all()).map(Person::getName).collectList())
                    .timeout(Duration.ofMillis(ms))
                    .then(Mono.<Throwable>empty()).onErrorResume(Mono::just));
            if (error != null) {
                assertThat(error).isInstanceOf(TimeoutException.class);
                timedOut++;
            }
            assertPoolClean("transactional timed out at " + ms + " ms");
        }
        assertThat(timedOut).isPositive();
    }

    /**
     * The same for a nested transactional: it rolls back to its savepoint and the outer one goes on and
     * commits. On H2 the ROLLBACK TO SAVEPOINT waits (without a thread) until the cancelled read's thread
     * has left H2, instead of waiting for H2's session lock on Reactor's timer thread.
     */
    @Test
    void aNestedTransactionalTimedOutWhileItReadsRollsBackToItsSavepointAndTheOuterOneCommits() {
        people(5000);
        for (int ms = 0; ms <= 10; ms++) {
            Duration limit = Duration.ofMillis(ms);
            Long counted = await(orm.fork().transactional(tx -> tx.transactional(in -> in.find(Person.class, Filter.all())
                            .map(Person::getName).collectList())
                    .timeout(limit).onErrorResume(TimeoutException.class, e -> Mono.empty())
                    .then(tx.count(Person.class, Filter.all()))));
            assertThat(counted).isEqualTo(5000);
            assertPoolClean("nested transactional timed out at " + ms + " ms");
        }
    }

    @Test
    void findOneCountRefreshCancelledReleaseTheConnection() {
        people(100);
        cancelAtDelays("count", f -> f.count(Person.class, Filter.gte("age", 3)).flux(), 5);
        cancelAtDelays("findOne", f -> f.findOne(Person.class, Filter.eq("name", "p5")).flux(), 5);
        cancelAtDelays("findOne by id", f -> f.findOne(Person.class, 1L).flux(), 5);
    }

    @Test
    void manyConcurrentReadsTimedOutAtRandomPointsLeakNothing() {
        people(2000);
        for (int round = 0; round < 5; round++) {
            await(Flux.range(0, 200).flatMap(i -> orm.fork().find(Person.class, Filter.all())
                            .timeout(Duration.ofNanos(ThreadLocalRandom.current().nextLong(5_000_000)))
                            .onErrorResume(TimeoutException.class, e -> Flux.empty()).count(), 50)
                    .then());
            assertPoolClean("round " + round);
        }
    }

    @Test
    void populateBothStrategiesCancelledReleaseTheConnection() {
        authors(300);
        for (LoadStrategy strategy : LoadStrategy.values()) {
            cancelAtDelays("populate " + strategy,
                    f -> f.find(Query.of(Author.class).populate("books.tags").strategy(strategy)), 25);
            EntityManager em = orm.fork();
            List<Author> loaded = await(em.find(Query.of(Author.class).populate("books.tags").strategy(strategy)));
            assertThat(loaded).hasSize(300);
            StepVerifier.create(em.find(Query.of(Author.class).populate("books.tags").strategy(strategy))
                            .map(a -> { throw new IllegalStateException("boom"); }))
                    .expectErrorMessage("boom").verify(TIMEOUT);
            assertPoolClean("populate error in map " + strategy);
        }
        List<Author> owners = await(orm.fork().find(Author.class, Filter.all()));
        cancelAtDelays("populateAll", f -> {
            List<Author> mine = await(f.find(Author.class, Filter.all()));
            return f.populateAll(mine, "books.tags").flux();
        }, 20);
        assertThat(owners).hasSize(300);
    }

    @Test
    void referenceLoadsCancelledReleaseTheConnection() {
        authors(300);
        for (int ms = -1; ms <= 20; ms++) {
            EntityManager em = orm.fork();
            List<Book> books = await(em.find(Book.class, Filter.all()));
            Disposable d = Flux.fromIterable(books).flatMap(b -> em.load(b.getAuthor())).subscribe(x -> { }, e -> { });
            if (ms >= 0) {
                sleep(ms);
            }
            d.dispose();
            assertPoolClean("load cancelled at " + ms);
            assertThat(await(Flux.fromIterable(books).flatMap(b -> em.load(b.getAuthor())))).hasSize(900);
        }
    }

    @Test
    void aReadCancelledInsideATransactionLeavesTheTransactionUsable() {
        people(20_000);
        for (int taken : new int[] {1, 10, 5000}) {
            EntityManager em = orm.fork();
            Long id = await(em.transactional(tx -> tx.find(Query.of(Person.class).orderBy("id")).take(taken).collectList()
                    .flatMap(first -> {
                        first.get(0).setName("changed " + taken);
                        Person added = tx.persist(new Person("added " + taken, null, 1));
                        return tx.flush().then(tx.count(Person.class, Filter.eq("name", "added " + taken)))
                                .doOnNext(n -> assertThat(n).isEqualTo(1))
                                .then(tx.find(Person.class, Filter.like("name", "changed%")).count())
                                .doOnNext(n -> assertThat(n).isEqualTo(1))
                                .then(Mono.fromSupplier(added::getId));
                    })));
            assertThat(id).isNotNull();
            assertPoolClean("take " + taken + " in a transaction");
            assertThat(await(orm.fork().count(Person.class, Filter.eq("name", "changed " + taken)))).isEqualTo(1);
            await(orm.fork().transactional(tx -> tx.find(Person.class, Filter.like("name", "changed%")).doOnNext(p -> p.setName("x")).then()));
        }
        assertThat(await(orm.fork().count(Person.class, Filter.all()))).isEqualTo(20_003);
    }

    @Test
    void transactionalFailuresAndCancelsLeaveNoTransactionOnThePool() {
        people(5000);
        // error thrown (not signalled) by work
        StepVerifier.create(orm.fork().transactional(tx -> {
            tx.persist(new Person("thrown", null, 1));
            throw new IllegalStateException("thrown");
        })).expectErrorMessage("thrown").verify(TIMEOUT);
        assertPoolClean("thrown by work");
        // error after a cancelled read
        StepVerifier.create(orm.fork().transactional(tx -> tx.find(Person.class, Filter.all()).take(3)
                .then(Mono.error(new IllegalStateException("after read"))))).expectErrorMessage("after read").verify(TIMEOUT);
        assertPoolClean("error after a read");
        // nested: inner fails after its own read, outer commits
        await(orm.fork().transactional(tx -> tx.transactional(inner -> inner.find(Person.class, Filter.all()).take(2)
                        .then(Mono.<Void>error(new IllegalArgumentException("inner"))))
                .onErrorResume(IllegalArgumentException.class, e -> Mono.empty())
                .then(Mono.fromRunnable(() -> tx.persist(new Person("outer", null, 2))))));
        assertPoolClean("nested failure");
        assertThat(await(orm.fork().count(Person.class, Filter.eq("name", "outer")))).isEqualTo(1);
        assertThat(await(orm.fork().count(Person.class, Filter.eq("name", "thrown")))).isZero();
    }

    @Test
    void schemaGeneratorCancelledReleasesTheConnection() {
        for (int ms = -1; ms <= 10; ms++) {
            Disposable d = SchemaGenerator.of(orm).recreate().subscribe(x -> { }, e -> { });
            if (ms >= 0) {
                sleep(ms);
            }
            d.dispose();
            assertPoolClean("schema recreate cancelled at " + ms);
            await(SchemaGenerator.of(orm).recreate());
        }
        Disposable d = SchemaGenerator.of(orm).update().subscribe(x -> { }, e -> { });
        d.dispose();
        assertPoolClean("schema update cancelled");
    }

    /** On PostgreSQL the schema tools' queries bind a parameter too (their limit), as finds and counts do. */
    @Test
    void theSchemaUpdatesQueriesBindAParameterOnPostgres() {
        log.clear();

        await(SchemaGenerator.of(orm).update());

        List<StatementEvent> queries = log.events().stream().filter(event -> event.verb().equals("SELECT")).toList();
        assertThat(queries).anySatisfy(event -> assertThat(event.sql()).contains("information_schema"));
        if (database() == TestDatabase.POSTGRES) {
            assertThat(queries).allSatisfy(event -> assertThat(event.parameterCount()).as(event.sql()).isPositive());
        }
    }

    @Test
    void nothingHappensBeforeSubscribe() {
        people(10);
        log.clear();
        EntityManager em = orm.fork();
        Person p = await(em.findOne(Person.class, Filter.eq("name", "p1")));
        log.clear();
        p.setAge(99);
        em.persist(new Person("new", null, 1));
        List<Object> assembled = new ArrayList<>();
        assembled.add(em.flush());
        assembled.add(em.find(Person.class, Filter.all()));
        assembled.add(em.count(Person.class, Filter.all()));
        assembled.add(em.findOne(Person.class, 2L));
        assembled.add(em.refresh(p));
        assembled.add(em.transactional(tx -> {
            throw new AssertionError("work ran at assembly");
        }));
        assembled.add(em.load(em.getReference(Person.class, 3L)));
        assembled.add(SchemaGenerator.of(orm).update());
        assembled.add(SchemaGenerator.of(orm).drop());
        assembled.add(SchemaGenerator.of(orm).create());
        assembled.add(em.find(Query.of(Author.class).populate("books")));
        sleep(300);
        assertThat(log.events()).isEmpty();
        assertThat(database().acquiredConnections()).isZero();
        assertThat(assembled).hasSize(11);
    }
}
