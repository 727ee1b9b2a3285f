package io.reactiveorm.tests;

import io.reactiveorm.tests.db.TestDatabase;

/** The populate contract on Postgres. */
class PostgresPopulateIT extends PopulateContract {

    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRES;
    }
}
