package io.reactiveorm.tests;

import io.reactiveorm.tests.db.TestDatabase;

/** The populate contract on MariaDb. */
class MariaDbPopulateIT extends PopulateContract {

    @Override
    TestDatabase database() {
        return TestDatabase.MARIADB;
    }
}
