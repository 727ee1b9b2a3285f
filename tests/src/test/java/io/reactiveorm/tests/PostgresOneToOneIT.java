package io.reactiveorm.tests;

import io.reactiveorm.tests.db.TestDatabase;

/** The one-to-one contract on PostgreSQL. */
class PostgresOneToOneIT extends OneToOneContract {

    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRES;
    }
}
