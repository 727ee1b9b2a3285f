package io.reactiveorm.tests;

import io.reactiveorm.tests.db.TestDatabase;

/** The connection-hygiene contract on H2. */
class H2ConnectionHygieneIT extends ConnectionHygieneContract {
    @Override
    TestDatabase database() {
        return TestDatabase.H2;
    }
}
