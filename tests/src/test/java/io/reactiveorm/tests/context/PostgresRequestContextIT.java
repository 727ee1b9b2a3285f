package io.reactiveorm.tests.context;

import io.reactiveorm.tests.db.TestDatabase;

/** The request-context contract on Postgres. */
class PostgresRequestContextIT extends RequestContextContract {

    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRES;
    }
}
