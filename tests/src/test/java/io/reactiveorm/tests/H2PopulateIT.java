package io.reactiveorm.tests;

import io.reactiveorm.tests.db.TestDatabase;

/** The populate contract on H2. */
class H2PopulateIT extends PopulateContract {

    @Override
    TestDatabase database() {
        return TestDatabase.H2;
    }
}
