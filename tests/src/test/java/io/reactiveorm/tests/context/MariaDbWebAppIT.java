package io.reactiveorm.tests.context;

import io.reactiveorm.tests.db.TestDatabase;

/** The WebFlux application on MariaDb. */
class MariaDbWebAppIT extends WebAppContract {

    @Override
    TestDatabase database() {
        return TestDatabase.MARIADB;
    }
}
