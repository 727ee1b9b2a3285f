package io.reactiveorm.tests.context;

import io.reactiveorm.tests.db.TestDatabase;

/** The request-context contract on MariaDb. */
class MariaDbRequestContextIT extends RequestContextContract {

    @Override
    TestDatabase database() {
        return TestDatabase.MARIADB;
    }
}
