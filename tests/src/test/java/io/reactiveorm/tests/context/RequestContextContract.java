package io.reactiveorm.tests.context;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import io.reactiveorm.EntityManager;
import io.reactiveorm.FlushMode;
import io.reactiveorm.Orm;
import io.reactiveorm.OrmException;
import io.reactiveorm.context.ContextEntityManager;
import io.reactiveorm.context.EntityManagerThreadLocalAccessor;
import io.reactiveorm.context.RequestContext;
import io.reactiveorm.query.Filter;
import io.reactiveorm.sql.R2dbcDriver;
import io.reactiveorm.tests.Polling;
import io.reactiveorm.tests.db.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import reactor.util.function.Tuple2;
import reactor.util.function.Tuples;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static io.reactiveorm.tests.context.Fixtures.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Request contexts on a real database, one subclass per database: forks bound through the Reactor
 * Context, the context-bound EntityManager, transactions carried by the Context, and every misuse
 * the module reports. The two MikroORM scenarios come first, as MikroORM's docs state them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RequestContextContract {

    private final SentSql statements = new SentSql();
    private R2dbcDriver driver;
    private Orm orm;
    private ContextEntityManager em;

    abstract TestDatabase database();

    @BeforeAll
    void startDriver() {
        driver = R2dbcDriver.create(database().connectionFactory(), event -> statements.add(event.sql()));
    }

    @BeforeEach
    void emptyTables() {
        orm = Fixtures.ormWithEmptyTables(driver, false);
        em = ContextEntityManager.of(orm);
        statements.clear();
    }

    @AfterEach
    void everyConnectionWasReleased() {
        Fixtures.assertEveryConnectionReleased(database());
    }

    // MikroORM's two scenarios

    /**
     * Load an author, rename it 'Wow'; a transaction on the same context loads the same instance,
     * renames it 'Hello' and commits: the outer instance reads 'Hello', and so does the database.
     */
    @Test
    void transactionOnTheSameContextSharesTheIdentityMap() {
        Long id = seedAuthor("Jon");

        Mono<Tuple2<Author, Author>> scenario = RequestContext.with(orm, em.findOne(Author.class, id)
                .doOnNext(author -> author.setName("Wow"))
                .flatMap(author -> em.transactional(tx -> em.findOne(Author.class, id)
                                .doOnNext(inTransaction -> inTransaction.setName("Hello")))
                        .map(inTransaction -> Tuples.of(author, inTransaction))));

        StepVerifier.create(scenario)
                .assertNext(authors -> {
                    assertThat(authors.getT2()).isSameAs(authors.getT1());
                    assertThat(authors.getT1().getName()).isEqualTo("Hello");
                })
                .expectComplete()
                .verify(TIMEOUT);
        assertThat(nameInDatabase(id)).isEqualTo("Hello");
    }

    /**
     * The same, but the transaction runs on {@code fork()}: the outer instance still reads 'Wow', the
     * database has 'Hello', and a later flush of the outer context writes its own change.
     */
    @Test
    void transactionOnAForkKeepsTheOuterIdentityMapApart() {
        Long id = seedAuthor("Jon");
        List<String> databaseAfterTransaction = new CopyOnWriteArrayList<>();

        Mono<Tuple2<Author, Author>> scenario = RequestContext.with(orm, em.findOne(Author.class, id)
                .doOnNext(author -> author.setName("Wow"))
                .flatMap(author -> em.fork()
                        .flatMap(fork -> fork.transactional(tx -> tx.findOne(Author.class, id)
                                .doOnNext(inTransaction -> inTransaction.setName("Hello"))))
                        .map(inTransaction -> Tuples.of(author, inTransaction))
                        .flatMap(authors -> orm.fork().findOne(Author.class, id)
                                .doOnNext(stored -> databaseAfterTransaction.add(stored.getName()))
                                .thenReturn(authors)))
                .flatMap(authors -> em.flush().thenReturn(authors)));

        StepVerifier.create(scenario)
                .assertNext(authors -> {
                    assertThat(authors.getT2()).isNotSameAs(authors.getT1());
                    assertThat(authors.getT1().getName()).isEqualTo("Wow");
                    assertThat(authors.getT2().getName()).isEqualTo("Hello");
                })
                .expectComplete()
                .verify(TIMEOUT);
        assertThat(databaseAfterTransaction).containsExactly("Hello");
        assertThat(nameInDatabase(id)).isEqualTo("Wow");
    }

    // binding

    @Test
    void everyScopeBindsItsOwnForkSeenAcrossThreadHops() {
        Mono<List<EntityManager>> seen = RequestContext.entityManager(orm)
                .publishOn(Schedulers.parallel())
                .concatWith(RequestContext.entityManager(orm).subscribeOn(Schedulers.boundedElastic()))
                .concatWith(Mono.delay(Duration.ofMillis(5)).then(em.current()))
                .collectList();

        List<EntityManager> first = RequestContext.with(orm, seen).block(TIMEOUT);
        List<EntityManager> second = RequestContext.with(orm, seen).block(TIMEOUT);

        assertThat(first).hasSize(3).containsOnly(first.get(0));
        assertThat(second).hasSize(3).containsOnly(second.get(0));
        assertThat(second.get(0)).isNotSameAs(first.get(0));
    }

    @Test
    void nestedScopeBindsANewForkAndLeavesTheOuterOneBound() {
        Mono<List<EntityManager>> outerInnerOuter = RequestContext.entityManager(orm).flatMap(outer ->
                RequestContext.with(orm, RequestContext.entityManager(orm))
                        .flatMap(inner -> RequestContext.entityManager(orm).map(after -> List.of(outer, inner, after))));

        List<EntityManager> seen = RequestContext.with(orm, outerInnerOuter).block(TIMEOUT);

        assertThat(seen.get(1)).isNotSameAs(seen.get(0));
        assertThat(seen.get(2)).isSameAs(seen.get(0));
    }

    @Test
    void operatorFormsBindAForkForMonoAndFlux() {
        Mono<EntityManager> mono = RequestContext.entityManager(orm).transformDeferred(RequestContext.bind(orm));
        Flux<EntityManager> flux = RequestContext.entityManager(orm).repeat(2).transformDeferred(RequestContext.bind(orm));
        Mono<EntityManager> written = RequestContext.entityManager(orm).contextWrite(RequestContext.fork(orm));

        assertThat(mono.block(TIMEOUT)).isNotNull().isNotSameAs(mono.block(TIMEOUT));
        List<EntityManager> three = flux.collectList().block(TIMEOUT);
        assertThat(three).hasSize(3).containsOnly(three.get(0));
        assertThat(written.block(TIMEOUT)).isNotNull().isNotSameAs(written.block(TIMEOUT));
    }

    @Test
    void twoOrmsInOnePipelineFindTheirOwnForks() {
        Orm other = Orm.builder().entities(Author.class, Book.class).driver(driver).build();
        Mono<List<EntityManager>> both = Mono.zip(RequestContext.entityManager(orm), RequestContext.entityManager(other))
                .map(pair -> List.of(pair.getT1(), pair.getT2()));

        List<EntityManager> forks = RequestContext.with(orm, RequestContext.with(other, both)).block(TIMEOUT);

        assertThat(forks.get(0)).isNotSameAs(forks.get(1));
        StepVerifier.create(RequestContext.with(other, RequestContext.entityManager(orm)))
                .expectErrorSatisfies(e -> assertThat(e).hasMessageContaining("RO-5001")
                        .hasMessageContaining("only EntityManagers of other Orms are bound"))
                .verify(TIMEOUT);
    }

    @Test
    void contextBoundCallWithoutABoundForkSaysHowToBindOne() {
        StepVerifier.create(em.findOne(Author.class, 1L))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(OrmException.class)
                        .hasMessageStartingWith("RO-5001: ContextEntityManager.findOne(...) found no EntityManager bound")
                        .hasMessageContaining("RequestContext.with(orm, pipeline)")
                        .hasMessageContaining("RequestContextWebFilter")
                        .hasMessageContaining("ContextEntityManager.withGlobalContext(orm)"))
                .verify(TIMEOUT);
        StepVerifier.create(RequestContext.entityManager(orm))
                .expectErrorSatisfies(e -> assertThat(e).hasMessageStartingWith("RO-5001: RequestContext.entityManager(orm)"))
                .verify(TIMEOUT);
        assertThatThrownBy(() -> em.findOne(null, 1L)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void globalContextIsUsedOnlyWhereNoForkIsBoundAndOnlyWhenOptedInto() {
        Long id = seedAuthor("Global");
        ContextEntityManager global = ContextEntityManager.withGlobalContext(orm);

        Author first = global.findOne(Author.class, id).block(TIMEOUT);
        Author second = global.findOne(Author.class, id).block(TIMEOUT);
        Author scoped = RequestContext.with(orm, global.findOne(Author.class, id)).block(TIMEOUT);

        assertThat(second).isSameAs(first);
        assertThat(scoped).isNotSameAs(first);
        first.setName("Changed globally");
        global.flush().block(TIMEOUT);
        assertThat(nameInDatabase(id)).isEqualTo("Changed globally");
    }

    // transactions through the Context

    @Test
    void everythingInsideTransactionalUsesItsConnectionHoweverDeep() {
        Mono<List<Long>> counts = RequestContext.with(orm, em.transactional(tx -> em.persist(new Author("Uncommitted"))
                .then(em.flush())
                .then(Mono.zip(countAuthorsDeepInside(), orm.fork().count(Author.class, Filter.all())))
                .map(inAndOut -> List.of(inAndOut.getT1(), inAndOut.getT2()))));

        assertThat(counts.block(TIMEOUT)).containsExactly(1L, 0L);
        assertThat(authorNames()).containsExactly("Uncommitted");
    }

    /** Code that knows nothing of the transaction, after two thread hops: it finds it in the Context. */
    private Mono<Long> countAuthorsDeepInside() {
        return Mono.delay(Duration.ofMillis(1))
                .publishOn(Schedulers.boundedElastic())
                .then(em.count(Author.class, Filter.all()));
    }

    @Test
    void nestedTransactionalOpensASavepointAndRollsBackAlone() {
        Mono<Void> nested = RequestContext.with(orm, em.transactional(tx -> em.persist(new Author("Outer"))
                .then(em.flush())
                .then(em.transactional(inner -> em.persist(new Author("Inner"))
                                .then(em.flush())
                                .then(Mono.error(new IllegalArgumentException("inner failed"))))
                        .onErrorResume(IllegalArgumentException.class, e -> Mono.empty()))
                .then()));

        StepVerifier.create(nested).expectComplete().verify(TIMEOUT);
        assertThat(authorNames()).containsExactly("Outer");
        assertThat(statements.matching("SAVEPOINT")).isNotEmpty();
        assertThat(statements.matching("ROLLBACK TO SAVEPOINT")).hasSize(1);
    }

    @Test
    void errorInsideTransactionalRollsBackAndIsSignalled() {
        Mono<Object> failing = RequestContext.with(orm, em.transactional(tx -> em.persist(new Author("Lost"))
                .then(em.flush())
                .then(Mono.error(new IllegalStateException("boom")))));

        StepVerifier.create(failing).expectErrorMessage("boom").verify(TIMEOUT);
        assertThat(authorNames()).isEmpty();
    }

    @Test
    void cancelledRequestRollsBackItsOpenTransactionAndReleasesTheConnection() throws InterruptedException {
        CountDownLatch written = new CountDownLatch(1);
        Disposable request = RequestContext.with(orm, em.transactional(tx -> em.persist(new Author("Abandoned"))
                        .then(em.flush())
                        .then(Mono.fromRunnable(written::countDown))
                        .then(Mono.never())))
                .subscribe();
        assertThat(written.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(database().acquiredConnections()).isEqualTo(1);

        request.dispose();

        Fixtures.assertEveryConnectionReleased(database());
        assertThat(authorNames()).isEmpty();
        assertThat(statements.matching("ROLLBACK")).isNotEmpty();
    }

    // misuse

    @Test
    void operationStartedWhileAFindStreamsIsRejectedNamingBothCallSites() {
        Orm capturing = Fixtures.ormWithEmptyTables(driver, true);
        ContextEntityManager ctx = ContextEntityManager.of(capturing);
        seedAuthors(capturing, "Ann", "Bob");

        int findLine = nextLine();
        Flux<Author> authors = ctx.find(Author.class, Filter.all());
        Flux<Long> books = authors.flatMap(author -> ctx.count(Book.class, Filter.eq("authorId", author.getId())));

        StepVerifier.create(RequestContext.with(capturing, books))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(OrmException.class)
                        .hasMessageStartingWith("RO-3007: count(Book) was started on an EntityManager while find(Author) is still in flight")
                        .hasMessageContaining("In flight: find(Author) (thread ")
                        .hasMessageContaining("RequestContextContract.java:" + findLine + ")")
                        .hasMessageContaining("Rejected: count(Book) (thread ")
                        .hasMessageContaining("RequestContextContract.java:" + (findLine + 1) + ")")
                        .hasMessageContaining("concatMap"))
                .verify(TIMEOUT);
    }

    @Test
    void withoutCallSitesTheErrorNamesBothOperationsAndHowToRecordTheLines() {
        seedAuthors(orm, "Ann");

        Flux<Long> books = em.find(Author.class, Filter.all())
                .flatMap(author -> em.findOne(Book.class, 1L).thenReturn(1L));

        StepVerifier.create(RequestContext.with(orm, books))
                .expectErrorSatisfies(e -> assertThat(e)
                        .hasMessageStartingWith("RO-3007: findOne(Book, id 1) was started on an EntityManager while find(Author)")
                        .hasMessageContaining("captureCallSites(true)")
                        .hasMessageNotContaining("RequestContextContract.java"))
                .verify(TIMEOUT);
    }

    @Test
    void twoTransactionsInFlightOnOneForkAreRejectedAndTheFirstIsRolledBack() {
        Flux<Object> parallel = Flux.range(0, 2).flatMap(i -> em.transactional(tx -> em.persist(new Author("Parallel " + i))
                .then(em.flush())
                .then(Mono.delay(Duration.ofMillis(200)))));

        StepVerifier.create(RequestContext.with(orm, parallel))
                .expectErrorSatisfies(e -> assertThat(e).hasMessageStartingWith(
                        "RO-3007: transactional() was started on an EntityManager while transactional() is still in flight"))
                .verify(TIMEOUT);
        Fixtures.assertEveryConnectionReleased(database());
        assertThat(authorNames()).isEmpty();
    }

    /** The same detection on a plain fork, where core records the call sites itself, at assembly. */
    @Test
    void plainForkNamesBothCallSitesToo() {
        Orm capturing = Fixtures.ormWithEmptyTables(driver, true);
        seedAuthors(capturing, "Ann");
        EntityManager fork = capturing.fork();

        int findLine = nextLine();
        Flux<Author> authors = fork.find(Author.class, Filter.all());
        Flux<Author> again = authors.concatMap(author -> fork.refresh(author));

        StepVerifier.create(again)
                .expectErrorSatisfies(e -> assertThat(e)
                        .hasMessageStartingWith("RO-3007: refresh(Author, id ")
                        .hasMessageContaining("RequestContextContract.java:" + findLine + ")")
                        .hasMessageContaining("RequestContextContract.java:" + (findLine + 1) + ")"))
                .verify(TIMEOUT);
    }

    @Test
    void callingTheOuterEntityManagerInsideItsOwnTransactionIsRejected() {
        EntityManager fork = orm.fork();

        StepVerifier.create(fork.transactional(tx -> fork.count(Author.class, Filter.all())))
                .expectErrorSatisfies(e -> assertThat(e)
                        .hasMessageStartingWith("RO-3007: count(Author) was started on an EntityManager while transactional()")
                        .hasMessageContaining("call the EntityManager given to work"))
                .verify(TIMEOUT);
        assertThat(fork.transactional(tx -> tx.count(Author.class, Filter.all())).block(TIMEOUT)).isZero();
    }

    @Test
    void inMemoryCallsFromTheSignalsOfAStreamingFindAreFine() {
        seedAuthors(orm, "Ann", "Bob");
        Mono<Void> booksForEveryone = em.find(Author.class, Filter.all())
                .concatMap(author -> em.persist(new Book("Memoir of " + author.getName(), author.getId())))
                .then(em.flush());

        StepVerifier.create(RequestContext.with(orm, booksForEveryone)).expectComplete().verify(TIMEOUT);
        assertThat(orm.fork().find(Book.class, Filter.all()).map(Book::getTitle).collectList().block(TIMEOUT))
                .containsExactlyInAnyOrder("Memoir of Ann", "Memoir of Bob");
    }

    @Test
    void sequentialOperationsHoppingThreadsAreNeverAnError() {
        Mono<String> hops = em.persist(new Author("Hopper"))
                .publishOn(Schedulers.parallel())
                .flatMap(author -> em.flush().thenReturn(author))
                .publishOn(Schedulers.boundedElastic())
                .flatMap(author -> em.findOne(Author.class, author.getId()))
                .delayElement(Duration.ofMillis(2))
                .flatMap(author -> em.find(Author.class, Filter.all()).collectList()
                        .flatMap(all -> em.count(Author.class, Filter.all()).map(count -> all.get(0).getName() + " " + count)))
                .subscribeOn(Schedulers.single());

        StepVerifier.create(RequestContext.with(orm, hops)).expectNext("Hopper 1").expectComplete().verify(TIMEOUT);
    }

    @Test
    void flushStartedInsideAFlushIsRejected() {
        AtomicReference<Runnable> duringInsert = new AtomicReference<>();
        R2dbcDriver hooked = R2dbcDriver.create(database().connectionFactory(), event -> {
            Runnable hook = event.verb().equals("INSERT") ? duringInsert.getAndSet(null) : null;
            if (hook != null) {
                hook.run();
            }
        });
        EntityManager fork = Orm.builder().entities(Author.class, Book.class).driver(hooked).build().fork();
        ConcurrentLinkedQueue<Throwable> nested = new ConcurrentLinkedQueue<>();
        duringInsert.set(() -> fork.flush().subscribe(null, nested::add));

        fork.persist(new Author("Flushed once"));
        fork.flush().block(TIMEOUT);

        assertThat(nested).singleElement().satisfies(e -> assertThat(e)
                .hasMessageStartingWith("RO-3008: flush() was called while a flush() of the same EntityManager is running")
                .hasMessageContaining("lifecycle hook"));
        assertThat(authorNames()).containsExactly("Flushed once");
    }

    @Test
    void forkUsedAfterItsScopeEndedIsRejected() {
        EntityManager leaked = RequestContext.with(orm, RequestContext.entityManager(orm)).block(TIMEOUT);

        StepVerifier.create(leaked.findOne(Author.class, 1L))
                .expectErrorSatisfies(e -> assertThat(e).hasMessageStartingWith(
                        "RO-3009: findOne(Author, id 1) was called on an EntityManager that is closed: close() was called"))
                .verify(TIMEOUT);
        assertThatThrownBy(() -> leaked.persist(new Author("Too late"))).hasMessageStartingWith("RO-3009: persist()");
        assertThatThrownBy(() -> leaked.setFlushMode(FlushMode.COMMIT)).hasMessageStartingWith("RO-3009: setFlushMode()");
        assertThatThrownBy(leaked::flushMode).hasMessageStartingWith("RO-3009: flushMode()");
    }

    @Test
    void fireAndForgetWorkThatOutlivesItsRequestIsRejected() {
        ConcurrentLinkedQueue<Throwable> late = new ConcurrentLinkedQueue<>();
        Mono<Void> request = RequestContext.entityManager(orm)
                .doOnNext(fork -> {
                    fork.persist(new Author("Never written"));
                    Mono.delay(Duration.ofMillis(50)).then(fork.flush()).subscribe(null, late::add);
                })
                .then();

        RequestContext.with(orm, request).block(TIMEOUT);

        assertThat(Polling.awaitTrue(() -> !late.isEmpty(), TIMEOUT)).isTrue();
        assertThat(late.peek()).hasMessageStartingWith("RO-3009: flush()");
        assertThat(authorNames()).isEmpty();
    }

    @Test
    void entityManagerOfATransactionUsedAfterItEndedIsRejected() {
        EntityManager transactionScoped = RequestContext.with(orm, em.transactional(Mono::just)).block(TIMEOUT);

        StepVerifier.create(transactionScoped.count(Author.class, Filter.all()))
                .expectErrorSatisfies(e -> assertThat(e).hasMessageContaining("RO-3009")
                        .hasMessageContaining("transaction has ended"))
                .verify(TIMEOUT);
    }

    // consumers and jobs

    @Test
    void everyMessageHasAForkOfItsOwnAndItIsClosedAfterwards() {
        Set<EntityManager> forks = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
        Flux<Long> consumed = Flux.range(0, 40).flatMap(RequestContext.perMessage(orm, (Integer message) ->
                RequestContext.entityManager(orm)
                        .doOnNext(forks::add)
                        .then(em.persist(new Author("Message " + message)))
                        .flatMap(author -> em.flush().then(Mono.fromSupplier(author::getId)))), 8);

        assertThat(consumed.collectList().block(TIMEOUT)).hasSize(40).doesNotHaveDuplicates();
        assertThat(forks).hasSize(40).allSatisfy(fork ->
                assertThatThrownBy(fork::clear).hasMessageStartingWith("RO-3009"));
        assertThat(authorNames()).hasSize(40);
    }

    @Test
    void everyRunOfAJobHasAForkOfItsOwn() {
        List<EntityManager> runs = new CopyOnWriteArrayList<>();
        Mono<Long> job = RequestContext.job(orm, () -> em.current()
                .doOnNext(runs::add)
                .then(em.count(Author.class, Filter.all())));

        List<Long> counts = Flux.interval(Duration.ofMillis(5)).onBackpressureDrop().take(3).concatMap(tick -> job).collectList().block(TIMEOUT);

        assertThat(counts).containsExactly(0L, 0L, 0L);
        Set<EntityManager> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
        distinct.addAll(runs);
        assertThat(distinct).hasSize(3);
    }

    // ThreadLocal-based code (Micrometer context-propagation)

    @Test
    void accessorRegistersItselfAndShowsTheForkInsideASnapshotScope() {
        assertThat(ContextRegistry.getInstance().getThreadLocalAccessors())
                .anySatisfy(accessor -> assertThat(accessor).isInstanceOf(EntityManagerThreadLocalAccessor.class));
        Mono<Boolean> sameFork = RequestContext.entityManager(orm).flatMap(bound -> Mono.deferContextual(context -> {
            try (ContextSnapshot.Scope scope = ContextSnapshotFactory.builder().build()
                    .setThreadLocalsFrom(context, RequestContext.CONTEXT_KEY)) {
                return Mono.just(EntityManagerThreadLocalAccessor.current(orm) == bound);
            }
        }));

        assertThat(RequestContext.with(orm, sameFork).block(TIMEOUT)).isTrue();
        assertThatThrownBy(() -> EntityManagerThreadLocalAccessor.current(orm))
                .hasMessageStartingWith("RO-5003").hasMessageContaining("Hooks.enableAutomaticContextPropagation()");
    }

    @Test
    void blockingBridgeOnBoundedElasticSeesTheForkWithAutomaticPropagation() {
        Long id = seedAuthor("Bridged");
        Hooks.enableAutomaticContextPropagation();
        try {
            Mono<Boolean> sameInstance = em.findOne(Author.class, id).flatMap(loaded -> Mono.fromCallable(() ->
                            // a blocking library on boundedElastic: it knows ThreadLocals only
                            EntityManagerThreadLocalAccessor.current(orm).findOne(Author.class, id).block(TIMEOUT) == loaded)
                    .subscribeOn(Schedulers.boundedElastic()));

            assertThat(RequestContext.with(orm, sameInstance).block(TIMEOUT)).isTrue();
        } finally {
            Hooks.disableAutomaticContextPropagation();
        }
    }

    // helpers

    @Test
    void referenceLoadsInAFlatMapOnTheBoundEntityManagerAreSentAsOneQuery() {
        List<String> seeded = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j");
        List<Long> ids = seeded.stream().map(this::seedAuthor).toList();

        List<String> names = RequestContext.with(orm, Flux.fromIterable(ids)
                        .flatMap(id -> em.getReference(Author.class, id))
                        .flatMap(reference -> em.load(reference))
                        .map(Author::getName)
                        .collectList())
                .block(TIMEOUT);

        assertThat(names).containsExactlyInAnyOrderElementsOf(seeded);
        // one batch, as the loads share the request's fork; a batch closes after 5 ms without a new load,
        // so the test thread descheduled mid-burst on a loaded machine splits it (loads that join while a
        // query runs wait 5 ms more after it, so one stall gives two queries, rarely more)
        assertThat(statements.matching("SELECT")).as(statements.matching("SELECT").toString())
                .isNotEmpty().hasSizeLessThan(ids.size());
    }

    private Long seedAuthor(String name) {
        EntityManager fork = orm.fork();
        Author author = fork.persist(new Author(name));
        fork.flush().block(TIMEOUT);
        statements.clear();
        return author.getId();
    }

    private static void seedAuthors(Orm target, String... names) {
        EntityManager fork = target.fork();
        for (String name : names) {
            fork.persist(new Author(name));
        }
        fork.flush().block(TIMEOUT);
    }

    private String nameInDatabase(Long id) {
        return orm.fork().findOne(Author.class, id).map(Author::getName).block(TIMEOUT);
    }

    private List<String> authorNames() {
        return orm.fork().find(Author.class, Filter.all()).map(Author::getName).collectList().block(TIMEOUT);
    }

    /** The line after the one that calls this. */
    private static int nextLine() {
        return StackWalker.getInstance().walk(frames -> frames.skip(1).findFirst().orElseThrow()).getLineNumber() + 1;
    }

    /** The SQL the driver sent, in order. */
    private static final class SentSql {
        private final ConcurrentLinkedQueue<String> sql = new ConcurrentLinkedQueue<>();

        void add(String statement) {
            sql.add(statement);
        }

        void clear() {
            sql.clear();
        }

        List<String> matching(String prefix) {
            List<String> found = new ArrayList<>();
            for (String statement : sql) {
                if (statement.startsWith(prefix)) {
                    found.add(statement);
                }
            }
            return found;
        }
    }
}
