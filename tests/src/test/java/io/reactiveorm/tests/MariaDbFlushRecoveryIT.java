package io.reactiveorm.tests;

import io.reactiveorm.tests.db.TestDatabase;

/** The flush-recovery contract on MariaDb. */
class MariaDbFlushRecoveryIT extends FlushRecoveryContract {

    @Override
    TestDatabase database() {
        return TestDatabase.MARIADB;
    }
}
