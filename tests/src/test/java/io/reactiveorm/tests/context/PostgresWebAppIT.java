package io.reactiveorm.tests.context;

import io.reactiveorm.tests.db.TestDatabase;

/** The WebFlux application on Postgres. */
class PostgresWebAppIT extends WebAppContract {

    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRES;
    }
}
