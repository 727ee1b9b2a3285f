package io.reactiveorm.tests;

import io.reactiveorm.tests.db.TestDatabase;

/** The connection-hygiene contract on MariaDB. */
class MariaDbConnectionHygieneIT extends ConnectionHygieneContract {
    @Override
    TestDatabase database() {
        return TestDatabase.MARIADB;
    }
}
