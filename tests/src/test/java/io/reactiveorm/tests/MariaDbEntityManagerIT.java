package io.reactiveorm.tests;

import io.reactiveorm.tests.db.TestDatabase;

/** The unit-of-work contract on MariaDb. */
class MariaDbEntityManagerIT extends EntityManagerContract {

    @Override
    TestDatabase database() {
        return TestDatabase.MARIADB;
    }
}
