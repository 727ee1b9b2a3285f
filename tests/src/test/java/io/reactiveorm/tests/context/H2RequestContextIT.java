package io.reactiveorm.tests.context;

import io.reactiveorm.tests.db.TestDatabase;

/** The request-context contract on H2. */
class H2RequestContextIT extends RequestContextContract {

    @Override
    TestDatabase database() {
        return TestDatabase.H2;
    }
}
