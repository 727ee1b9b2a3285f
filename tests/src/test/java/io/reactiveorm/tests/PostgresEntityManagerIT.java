package io.reactiveorm.tests;

import io.reactiveorm.tests.db.TestDatabase;

/** The unit-of-work contract on Postgres. */
class PostgresEntityManagerIT extends EntityManagerContract {

    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRES;
    }
}
