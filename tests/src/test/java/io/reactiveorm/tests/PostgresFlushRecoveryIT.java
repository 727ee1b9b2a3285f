package io.reactiveorm.tests;

import io.reactiveorm.DatabaseException;
import io.reactiveorm.EntityManager;
import io.reactiveorm.query.Query;
import io.reactiveorm.tests.db.TestDatabase;
import io.reactiveorm.tests.domain.Person;
import io.reactiveorm.tests.relations.Publisher;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The flush-recovery contract on PostgreSQL, and failures at COMMIT, which need a constraint checked
 * there (H2 and MariaDB have no deferred constraints); a serialization failure at COMMIT takes the same path.
 */
class PostgresFlushRecoveryIT extends FlushRecoveryContract {

    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRES;
    }

    /**
     * Two new persons named Ann in {@code em}, under a unique constraint on person.name checked at COMMIT
     * (DEFERRABLE INITIALLY DEFERRED): their INSERT succeeds and the COMMIT fails.
     */
    private List<Person> twoAnnsWhoseCommitFails(EntityManager em) {
        sqlUpdate("ALTER TABLE %s ADD CONSTRAINT person_name_deferred UNIQUE (%s) DEFERRABLE INITIALLY DEFERRED", "person", "name");
        return List.of(em.persist(new Person("Ann", "ann@example.com", 30)), em.persist(new Person("Ann", "ann2@example.com", 31)));
    }

    /**
     * A plain flush whose COMMIT fails: a DatabaseException with the SQL state (not Reactor's wrapper of a
     * failed cleanup), the entities left unwritten, and the retry writes them.
     */
    @Test
    void aFlushWhoseCommitFailsReportsItsSqlStateAndTheRetryWritesTheEntities() {
        EntityManager em = orm.fork();
        List<Person> anns = twoAnnsWhoseCommitFails(em);
        Person ann = anns.get(0);
        Person clash = anns.get(1);

        Throwable failure = catchThrowable(() -> await(em.flush()));
        assertThat(failure).isInstanceOf(DatabaseException.class).hasMessageContaining("COMMIT");
        assertThat(((DatabaseException) failure).sqlState()).isEqualTo("23505");
        assertThat(ann.getId()).isNull();
        assertThat(clash.getId()).isNull();

        clash.setName("Bob");
        await(em.flush());
        assertThat(sqlCount("SELECT COUNT(*) FROM %s", "person")).isEqualTo(2);
    }

    /**
     * The same through transactional(...): the closing flush runs, then the COMMIT fails. The work failed
     * and nothing was written, so the entities must still be pending; fixing the name and running a
     * transactional again must write both rows.
     */
    @Test
    void aTransactionalWhoseCommitFailsLeavesTheEntitiesNewAndTheRetryWritesThem() {
        EntityManager em = orm.fork();
        List<Person> anns = twoAnnsWhoseCommitFails(em);
        Person ann = anns.get(0);
        Person clash = anns.get(1);

        assertThatThrownBy(() -> await(em.transactional(tx -> Mono.just("done"))))
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining("COMMIT")
                .hasMessageContaining("23505");
        assertThat(sqlCount("SELECT COUNT(*) FROM %s", "person")).isZero();
        assertThat(ann.getId()).as("no row was committed: no id").isNull();
        assertThat(clash.getId()).as("no row was committed: no id").isNull();

        clash.setName("Bob");
        await(em.transactional(tx -> Mono.just("retry")));
        assertThat(sqlCount("SELECT COUNT(*) FROM %s", "person")).isEqualTo(2);
    }

    /**
     * A read that fails inside transactional(...), its error handled by the work: PostgreSQL has aborted the
     * transaction and answers the COMMIT with a rollback. The failure names the statement that aborted it,
     * carries its SQL state and is not transient (the driver's own error says "retrying may succeed").
     */
    @Test
    void aCommitAfterAHandledFailedStatementNamesThatStatementAndIsNotTransient() {
        sqlUpdate("ALTER TABLE %s RENAME COLUMN %s TO %s", "person", "email", "mail");
        EntityManager em = orm.fork();

        Throwable failure = catchThrowable(() -> await(em.transactional(tx -> tx.find(Query.of(Person.class)).collectList()
                .onErrorResume(DatabaseException.class, e -> Mono.just(List.of())))));

        assertThat(failure).isInstanceOf(DatabaseException.class)
                .hasMessageStartingWith("RO-4004: COMMIT failed: the database rolled the transaction back")
                .hasMessageContaining("SELECT of Person failed [SQL state 42703]")
                .hasMessageContaining("nested transactional");
        assertThat(((DatabaseException) failure).sqlState()).isEqualTo("42703");
        assertThat(((DatabaseException) failure).isTransient()).isFalse();
    }

    /** The same read in a nested transactional: its savepoint is rolled back, and the outer transaction commits its work. */
    @Test
    void aFailedStatementInANestedTransactionalLeavesTheOuterTransactionUsable() {
        sqlUpdate("ALTER TABLE %s RENAME COLUMN %s TO %s", "person", "email", "mail");
        EntityManager em = orm.fork();

        await(em.transactional(tx -> tx.transactional(inner -> inner.find(Query.of(Person.class)).collectList())
                .onErrorResume(DatabaseException.class, e -> Mono.just(List.of()))
                .doOnNext(none -> tx.persist(new Publisher("Tor")))));

        assertThat(sqlCount("SELECT COUNT(*) FROM %s", "rel_publisher")).isEqualTo(1);
    }
}
