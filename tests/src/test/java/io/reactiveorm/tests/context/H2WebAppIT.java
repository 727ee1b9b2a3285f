package io.reactiveorm.tests.context;

import io.reactiveorm.tests.db.TestDatabase;

/** The WebFlux application on H2. */
class H2WebAppIT extends WebAppContract {

    @Override
    TestDatabase database() {
        return TestDatabase.H2;
    }
}
