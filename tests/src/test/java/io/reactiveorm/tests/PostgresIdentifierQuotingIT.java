package io.reactiveorm.tests;

import io.reactiveorm.tests.db.TestDatabase;

/** The identifier-quoting contract on PostgreSQL. */
class PostgresIdentifierQuotingIT extends IdentifierQuotingContract {
    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRES;
    }
}
