package io.reactiveorm.tests;

import io.reactiveorm.tests.db.TestDatabase;

/** The identifier-quoting contract on H2. */
class H2IdentifierQuotingIT extends IdentifierQuotingContract {
    @Override
    TestDatabase database() {
        return TestDatabase.H2;
    }
}
