package io.reactiveorm.tests;

import io.reactiveorm.tests.db.TestDatabase;

/** The collections contract on MariaDB. */
class MariaDbCollectionsIT extends CollectionsContract {

    @Override
    TestDatabase database() {
        return TestDatabase.MARIADB;
    }
}
