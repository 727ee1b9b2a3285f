package io.reactiveorm.tests;

import io.reactiveorm.tests.db.TestDatabase;

/** The flush-recovery contract on H2. */
class H2FlushRecoveryIT extends FlushRecoveryContract {

    @Override
    TestDatabase database() {
        return TestDatabase.H2;
    }
}
