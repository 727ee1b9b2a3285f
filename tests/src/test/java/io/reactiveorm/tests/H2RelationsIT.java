package io.reactiveorm.tests;

import io.reactiveorm.tests.db.TestDatabase;

/** The relations contract on H2. */
class H2RelationsIT extends RelationsContract {

    @Override
    TestDatabase database() {
        return TestDatabase.H2;
    }
}
