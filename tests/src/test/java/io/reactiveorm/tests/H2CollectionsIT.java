package io.reactiveorm.tests;

import io.reactiveorm.tests.db.TestDatabase;

/** The collections contract on H2. */
class H2CollectionsIT extends CollectionsContract {

    @Override
    TestDatabase database() {
        return TestDatabase.H2;
    }
}
