package io.reactiveorm.tests;

import io.reactiveorm.tests.db.TestDatabase;

/** The schema contract on Postgres. */
class PostgresSchemaIT extends SchemaContract {

    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRES;
    }
}
