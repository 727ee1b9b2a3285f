package io.reactiveorm.tests;

import io.reactiveorm.tests.db.TestDatabase;

/** The relations contract on Postgres. */
class PostgresRelationsIT extends RelationsContract {

    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRES;
    }
}
