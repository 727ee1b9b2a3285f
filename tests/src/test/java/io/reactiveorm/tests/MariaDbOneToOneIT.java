package io.reactiveorm.tests;

import io.reactiveorm.tests.db.TestDatabase;

/** The one-to-one contract on MariaDB. */
class MariaDbOneToOneIT extends OneToOneContract {

    @Override
    TestDatabase database() {
        return TestDatabase.MARIADB;
    }
}
