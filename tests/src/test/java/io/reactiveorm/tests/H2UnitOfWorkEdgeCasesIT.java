package io.reactiveorm.tests;

import io.reactiveorm.tests.db.TestDatabase;

/** The unit-of-work edge-case contract on H2. */
class H2UnitOfWorkEdgeCasesIT extends UnitOfWorkEdgeCasesContract {

    @Override
    TestDatabase database() {
        return TestDatabase.H2;
    }
}
