package io.reactiveorm.tests;

import io.reactiveorm.tests.db.TestDatabase;

/** The unit-of-work edge-case contract on MariaDB. */
class MariaDbUnitOfWorkEdgeCasesIT extends UnitOfWorkEdgeCasesContract {

    @Override
    TestDatabase database() {
        return TestDatabase.MARIADB;
    }
}
