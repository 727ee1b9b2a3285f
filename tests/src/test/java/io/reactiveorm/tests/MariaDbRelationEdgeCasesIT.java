package io.reactiveorm.tests;

import io.reactiveorm.tests.db.TestDatabase;

/** The relation edge-case contract on MariaDB. */
class MariaDbRelationEdgeCasesIT extends RelationEdgeCasesContract {

    @Override
    TestDatabase database() {
        return TestDatabase.MARIADB;
    }
}
