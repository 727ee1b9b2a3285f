package io.reactiveorm.tests;

import io.reactiveorm.tests.db.TestDatabase;

/** The unit-of-work contract on H2. */
class H2EntityManagerIT extends EntityManagerContract {

    @Override
    TestDatabase database() {
        return TestDatabase.H2;
    }
}
