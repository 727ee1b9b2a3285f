package io.reactiveorm.tests;

import io.reactiveorm.Orm;
import io.reactiveorm.sql.R2dbcDriver;
import io.reactiveorm.sql.SchemaGenerator;
import io.reactiveorm.EntityManager;
import io.reactiveorm.tests.db.TestDatabase;
import io.reactiveorm.tests.relations.Author;
import io.reactiveorm.tests.relations.Book;
import io.reactiveorm.tests.relations.Tag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every contract suite shares: a driver per database whose statements go to a
 * {@link StatementLog}, a new Orm and a recreated schema per test (so pooled sequence blocks never
 * outlive their sequence), and the check that every test returns its connections to the pool.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OrmContract {

    static final Duration TIMEOUT = Duration.ofSeconds(60);

    final StatementLog log = new StatementLog();
    R2dbcDriver driver;
    Orm orm;

    abstract TestDatabase database();

    /** The entity classes of the suite. */
    abstract List<Class<?>> entities();

    @BeforeAll
    void startDriver() {
        driver = R2dbcDriver.create(database().connectionFactory(), log);
    }

    @BeforeEach
    void cleanSchema() {
        orm = Orm.builder().entities(entities()).driver(driver).build();
        await(SchemaGenerator.of(orm).recreate());
        log.clear();
    }

    /**
     * Polls first: a test that ends on an error which cancelled a read (a rejected load cancelling its
     * find, a load batch cancelled by zip) has its connection released after the error went on.
     */
    @AfterEach
    void everyConnectionWasReleased() {
        Polling.awaitTrue(() -> database().acquiredConnections() == 0, Duration.ofSeconds(10));
        assertThat(database().acquiredConnections()).as("connections still acquired 10 s after the test").isZero();
    }

    /** Writes, in a fork of its own, an author with the books "Earthsea" and "Lathe"; returns the author's id. */
    Long authorWithTwoBooksWritten() {
        EntityManager writer = orm.fork();
        Author written = writer.persist(new Author("Le Guin", null));
        written.getBooks().add(new Book("Earthsea", null), new Book("Lathe", null));
        await(writer.flush());
        return written.getId();
    }

    /**
     * Persists two tags of the same (unique) name in {@code em}, so that its next flush fails; returns the
     * second, to remove before the retry.
     */
    static Tag duplicateTag(EntityManager em) {
        em.persist(new Tag("taken"));
        return em.persist(new Tag("taken"));
    }

    /** The single number a plain SQL query returns, read outside the ORM; {@code %s} marks are quoted identifiers. */
    long sqlCount(String sql, String... identifiers) {
        String text = withQuotedIdentifiers(sql, identifiers);
        return await(Flux.usingWhen(database().connectionFactory().create(),
                        connection -> Flux.from(connection.createStatement(text).execute())
                                .flatMap(result -> result.map((row, meta) -> ((Number) row.get(0)).longValue())),
                        io.r2dbc.spi.Connection::close)
                .single());
    }

    /** Runs one plain SQL statement outside the ORM; {@code %s} marks are quoted identifiers. */
    void sqlUpdate(String sql, String... identifiers) {
        String text = withQuotedIdentifiers(sql, identifiers);
        await(Flux.usingWhen(database().connectionFactory().create(),
                        connection -> Flux.from(connection.createStatement(text).execute()).flatMap(result -> result.getRowsUpdated()),
                        io.r2dbc.spi.Connection::close)
                .then());
    }

    private String withQuotedIdentifiers(String sql, String... identifiers) {
        String quote = database() == TestDatabase.MARIADB ? "`" : "\"";
        Object[] quoted = new Object[identifiers.length];
        for (int i = 0; i < identifiers.length; i++) {
            quoted[i] = quote + identifiers[i] + quote;
        }
        return String.format(sql, quoted);
    }

    static <T> T await(Mono<T> mono) {
        return mono.block(TIMEOUT);
    }

    static <T> List<T> await(Flux<T> flux) {
        return flux.collectList().block(TIMEOUT);
    }
}
