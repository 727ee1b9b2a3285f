package io.reactiveorm.bench;

import io.reactiveorm.tests.db.TestDatabase;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The databases the benchmark runs on, named as on the command line, each with its test database
 * and its hand-written fast path.
 *
 * <p>Thread-safety: immutable.
 */
public enum BenchDatabase {

    /** PostgreSQL through r2dbc-postgresql. */
    POSTGRES("postgres", TestDatabase.POSTGRES, PostgresRawStatements::new),

    /** MariaDB through r2dbc-mysql. */
    MARIADB("mariadb", TestDatabase.MARIADB, MariaDbRawStatements::new),

    /** H2 in memory through r2dbc-h2; a smoke test of the runner more than a benchmark. */
    H2("h2", TestDatabase.H2, H2RawStatements::new);

    private final String argument;
    private final TestDatabase testDatabase;
    private final Supplier<RawStatements> rawStatements;

    BenchDatabase(String argument, TestDatabase testDatabase, Supplier<RawStatements> rawStatements) {
        this.argument = argument;
        this.testDatabase = testDatabase;
        this.rawStatements = rawStatements;
    }

    /**
     * Returns the database named {@code argument}, ignoring case.
     *
     * @throws IllegalArgumentException naming the accepted values if there is no such database
     */
    public static BenchDatabase fromArgument(String argument) {
        for (BenchDatabase database : values()) {
            if (database.argument.equalsIgnoreCase(argument.trim())) {
                return database;
            }
        }
        throw new IllegalArgumentException("Unknown database '" + argument + "'; use one of "
                + Arrays.stream(values()).map(BenchDatabase::argument).collect(Collectors.joining(", ")));
    }

    /** The name used on the command line, e.g. {@code "postgres"}. */
    public String argument() {
        return argument;
    }

    /** The product name, e.g. {@code "PostgreSQL"}. */
    public String displayName() {
        return testDatabase.displayName();
    }

    TestDatabase testDatabase() {
        return testDatabase;
    }

    /** A new instance of the fastest hand-written SQL for this database. */
    RawStatements rawStatements() {
        return rawStatements.get();
    }

    @Override
    public String toString() {
        return argument.toLowerCase(Locale.ROOT);
    }
}
