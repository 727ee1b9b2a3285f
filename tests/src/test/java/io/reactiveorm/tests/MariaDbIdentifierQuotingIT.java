package io.reactiveorm.tests;

import io.reactiveorm.tests.db.TestDatabase;

/** The identifier-quoting contract on MariaDB. */
class MariaDbIdentifierQuotingIT extends IdentifierQuotingContract {
    @Override
    TestDatabase database() {
        return TestDatabase.MARIADB;
    }
}
