package io.reactiveorm.tests;

import io.reactiveorm.tests.db.TestDatabase;

/** The one-to-one contract on H2. */
class H2OneToOneIT extends OneToOneContract {

    @Override
    TestDatabase database() {
        return TestDatabase.H2;
    }
}
