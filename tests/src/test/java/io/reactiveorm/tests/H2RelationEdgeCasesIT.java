package io.reactiveorm.tests;

import io.reactiveorm.tests.db.TestDatabase;

/** The relation edge-case contract on H2. */
class H2RelationEdgeCasesIT extends RelationEdgeCasesContract {

    @Override
    TestDatabase database() {
        return TestDatabase.H2;
    }
}
