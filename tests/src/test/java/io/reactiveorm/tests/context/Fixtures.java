package io.reactiveorm.tests.context;

import io.reactiveorm.Orm;
import io.reactiveorm.spi.Driver;
import io.reactiveorm.sql.SchemaGenerator;
import io.reactiveorm.tests.Polling;
import io.reactiveorm.tests.db.TestDatabase;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** What the request-context suites share: the Orm of {@link Author} and {@link Book}, waiting on the test thread. */
final class Fixtures {

    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private Fixtures() {
    }

    /** An Orm of the two entities over {@code driver}, with empty tables. */
    static Orm ormWithEmptyTables(Driver driver, boolean captureCallSites) {
        Orm orm = Orm.builder().entities(Author.class, Book.class).driver(driver).captureCallSites(captureCallSites).build();
        emptyTables(orm);
        return orm;
    }

    /** Drops and creates the tables of {@code orm}'s entities. */
    static void emptyTables(Orm orm) {
        SchemaGenerator.of(orm).recreate().block(TIMEOUT);
    }

    /**
     * Waits on the test thread until every connection of the pool went back: a cancelled transaction
     * is rolled back, and its connection released, after the cancel returned.
     */
    static void assertEveryConnectionReleased(TestDatabase database) {
        Polling.awaitTrue(() -> database.acquiredConnections() == 0, Duration.ofSeconds(15));
        assertThat(database.acquiredConnections()).as("connections still acquired from the " + database + " pool").isZero();
    }
}
