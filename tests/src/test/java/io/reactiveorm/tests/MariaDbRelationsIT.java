package io.reactiveorm.tests;

import io.reactiveorm.tests.db.TestDatabase;

/** The relations contract on MariaDb. */
class MariaDbRelationsIT extends RelationsContract {

    @Override
    TestDatabase database() {
        return TestDatabase.MARIADB;
    }
}
