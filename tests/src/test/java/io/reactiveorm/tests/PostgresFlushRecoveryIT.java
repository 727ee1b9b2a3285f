package io.reactiveorm.tests;

import io.reactiveorm.DatabaseException;
import io.reactiveorm.EntityManager;
import io.reactiveorm.tests.db.TestDatabase;
import io.reactiveorm.tests.domain.Person;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

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

    /** A unique constraint checked at COMMIT (DEFERRABLE INITIALLY DEFERRED) on person.name. */
    private void deferredUniqueNames() {
        sqlUpdate("ALTER TABLE %s ADD CONSTRAINT person_name_deferred UNIQUE (%s) DEFERRABLE INITIALLY DEFERRED", "person", "name");
    }

    /** The reference behaviour: a plain flush whose COMMIT fails leaves the entities unwritten, and the retry writes them. */
    @Test
    void aFlushWhoseCommitFailsLeavesTheEntitiesNewAndTheRetryWritesThem() {
        deferredUniqueNames();
        EntityManager em = orm.fork();
        Person ann = em.persist(new Person("Ann", "ann@example.com", 30));
        Person clash = em.persist(new Person("Ann", "ann2@example.com", 31));

        assertThatThrownBy(() -> await(em.flush())).hasStackTraceContaining("person_name_deferred");
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
        deferredUniqueNames();
        EntityManager em = orm.fork();
        Person ann = em.persist(new Person("Ann", "ann@example.com", 30));
        Person clash = em.persist(new Person("Ann", "ann2@example.com", 31));

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

    /** A COMMIT that fails is a database failure like any other: a DatabaseException with its SQL state. */
    @Test
    void aFlushWhoseCommitFailsReportsADatabaseExceptionWithItsSqlState() {
        deferredUniqueNames();
        EntityManager em = orm.fork();
        em.persist(new Person("Ann", "ann@example.com", 30));
        em.persist(new Person("Ann", "ann2@example.com", 31));

        Throwable failure = catchThrowable(() -> await(em.flush()));
        StringBuilder chain = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            chain.append("\n  ").append(t.getClass().getName()).append(": ").append(t.getMessage());
        }
        assertThat(failure).as("cause chain:%s", chain).isInstanceOf(DatabaseException.class);
        assertThat(((DatabaseException) failure).sqlState()).isEqualTo("23505");
    }
}
