package io.reactiveorm.tests;

import io.reactiveorm.DatabaseException;
import io.reactiveorm.EntityManager;
import io.reactiveorm.tests.db.TestDatabase;
import io.reactiveorm.tests.domain.Account;
import io.reactiveorm.tests.domain.Document;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;

/** The unit-of-work contract on H2, and H2's own typed CASE parameters of updates. */
class H2EntityManagerIT extends EntityManagerContract {

    @Override
    TestDatabase database() {
        return TestDatabase.H2;
    }

    /** H2's byte[] column is VARBINARY(1000000); PostgreSQL's BYTEA and MariaDB's LONGBLOB have no such limit. */
    @Test
    void aByteArrayTooLongForItsColumnFailsTheUpdateAndLeavesTheRow() {
        EntityManager setup = orm.fork();
        Document document = setup.persist(new Document().setContent(new byte[] {1, 2, 3}));
        await(setup.flush());
        EntityManager em = orm.fork();
        await(em.findOne(Document.class, document.getId())).setContent(new byte[1_000_001]);

        StepVerifier.create(em.flush())
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(DatabaseException.class)
                        .hasMessageContaining("UPDATE of Document failed")
                        .satisfies(d -> assertThat(((DatabaseException) d).sqlState()).isEqualTo("22001")))
                .verify(TIMEOUT);

        assertThat(await(orm.fork().findOne(Document.class, document.getId())).getContent()).containsExactly(1, 2, 3);
    }

    @Test
    void aDecimalWithTooManyDigitsFailsTheUpdateNamingTheColumnAsTheInsertDoes() {
        BigDecimal tooManyDigits = BigDecimal.TEN.pow(36);
        EntityManager inserting = orm.fork();
        inserting.persist(new Account("Ann", tooManyDigits));
        StepVerifier.create(inserting.flush())
                .expectErrorSatisfies(e -> assertThat(e).hasMessageContaining("[SQL state 22001, vendor code 22001]").hasMessageContaining("\"balance NUMERIC(38, 2)\""))
                .verify(TIMEOUT);
        EntityManager setup = orm.fork();
        Account account = setup.persist(new Account("Bob", BigDecimal.ONE));
        await(setup.flush());
        EntityManager em = orm.fork();
        await(em.findOne(Account.class, account.getId())).setBalance(tooManyDigits);

        StepVerifier.create(em.flush())
                .expectErrorSatisfies(e -> assertThat(e).hasMessageContaining("UPDATE of Account failed [SQL state 22001, vendor code 22001]")
                        .hasMessageContaining("\"balance NUMERIC(38, 2)\""))
                .verify(TIMEOUT);
    }
}
