package io.reactiveorm.tests;

import io.reactiveorm.tests.db.TestDatabase;

/** The schema contract on H2. */
class H2SchemaIT extends SchemaContract {

    @Override
    TestDatabase database() {
        return TestDatabase.H2;
    }
}
