package io.reactiveorm.tests;

import io.reactiveorm.tests.db.TestDatabase;

/** The connection-hygiene contract on PostgreSQL. */
class PostgresConnectionHygieneIT extends ConnectionHygieneContract {
    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRES;
    }
}
