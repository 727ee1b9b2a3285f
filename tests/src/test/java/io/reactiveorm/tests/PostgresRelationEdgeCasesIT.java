package io.reactiveorm.tests;

import io.reactiveorm.tests.db.TestDatabase;

/** The relation edge-case contract on PostgreSQL. */
class PostgresRelationEdgeCasesIT extends RelationEdgeCasesContract {

    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRES;
    }
}
