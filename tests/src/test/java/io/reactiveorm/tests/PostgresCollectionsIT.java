package io.reactiveorm.tests;

import io.reactiveorm.tests.db.TestDatabase;

/** The collections contract on PostgreSQL. */
class PostgresCollectionsIT extends CollectionsContract {

    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRES;
    }
}
