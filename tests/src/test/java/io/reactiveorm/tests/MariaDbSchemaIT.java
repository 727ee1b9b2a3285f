package io.reactiveorm.tests;

import io.reactiveorm.tests.db.TestDatabase;

/** The schema contract on MariaDb. */
class MariaDbSchemaIT extends SchemaContract {

    @Override
    TestDatabase database() {
        return TestDatabase.MARIADB;
    }
}
