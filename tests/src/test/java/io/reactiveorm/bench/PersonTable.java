package io.reactiveorm.bench;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Table {@code person}: the one place that creates, empties, seeds and inspects it, for every
 * database. Seeding goes through the raw contender's insert, the fastest path there is; none of
 * this is timed.
 *
 * <p>After {@link #seeded()} the table holds exactly {@link SampleData#ROWS} rows and fresh
 * planner statistics, so every timed run starts from the same state whichever contender ran
 * before.
 *
 * <p>Thread-safety: one call at a time.
 */
final class PersonTable {

    private final ConnectionFactory connectionFactory;
    private final RawStatements rawStatements;
    private final TableSql sql;

    PersonTable(BenchEnvironment environment) {
        this.connectionFactory = environment.connectionFactory();
        this.rawStatements = environment.database().rawStatements();
        this.sql = TableSql.of(environment.database());
    }

    /** Drops any table {@code person} and creates it anew, so its definition is exactly ours. */
    Mono<Void> create() {
        return withConnection(connection -> execute(connection, sql.drop())
                .then(execute(connection, sql.create()))
                .then());
    }

    /** Drops the table, leaving the database as it was found. */
    Mono<Void> drop() {
        return withConnection(connection -> execute(connection, sql.drop()).then());
    }

    /** Empties the table and restarts its id sequence. */
    Mono<PreparedTable> empty() {
        return withConnection(connection -> execute(connection, sql.truncate())
                .thenReturn(PreparedTable.empty()));
    }

    /** Empties the table and inserts persons {@code 0 .. ROWS-1} of {@link SampleData}, then analyses it. */
    Mono<PreparedTable> seeded() {
        return withConnection(connection -> execute(connection, sql.truncate()).then(Mono.defer(() -> {
            List<Person> persons = new ArrayList<>(SampleData.ROWS);
            for (int i = 0; i < SampleData.ROWS; i++) {
                persons.add(Person.sample(i));
            }
            return Mono.from(connection.beginTransaction())
                    .then(rawStatements.insert(connection, persons))
                    .then(Mono.from(connection.commitTransaction()))
                    .then(execute(connection, sql.analyze()))
                    .then(Mono.fromSupplier(() -> seededState(persons)));
        })));
    }

    /**
     * Checks the row count and age sum after a run.
     *
     * @param what names the run in the error, e.g. {@code "update10k by 'raw'"}
     * @return completes if both match; errors with an {@link IllegalStateException} naming both
     *     values otherwise
     */
    Mono<Void> expect(String what, long rows, long ageSum) {
        return withConnection(connection -> Flux.from(connection.createStatement(sql.countAndAgeSum()).execute())
                .flatMap(result -> result.map((row, metadata) -> new long[] {
                        ((Number) row.get(0)).longValue(), ((Number) row.get(1)).longValue()}))
                .single()
                .flatMap(found -> found[0] == rows && found[1] == ageSum
                        ? Mono.<Void>empty()
                        : Mono.error(new IllegalStateException(what + " left " + found[0] + " rows with age sum " + found[1]
                                + " in table person; expected " + rows + " rows with age sum " + ageSum
                                + ". Does the contender implement the workload as Workloads documents it?"))));
    }

    private static PreparedTable seededState(List<Person> persons) {
        long[] ids = new long[persons.size()];
        long ageSum = 0;
        for (int i = 0; i < ids.length; i++) {
            ids[i] = persons.get(i).id;
            ageSum += persons.get(i).age;
        }
        return new PreparedTable(ids, ageSum);
    }

    private <T> Mono<T> withConnection(Function<Connection, Mono<T>> work) {
        return Mono.usingWhen(connectionFactory.create(), work, Connection::close);
    }

    /** Runs {@code statement} and drains whatever it returns (ANALYZE answers with rows on some databases). */
    private static Mono<Void> execute(Connection connection, String statement) {
        return Flux.from(connection.createStatement(statement).execute())
                .flatMap(result -> result.flatMap(segment -> Mono.empty()))
                .then();
    }

    /**
     * The table's lifecycle statements in one database's dialect. On H2 the names are quoted
     * lower case, as the ORM quotes them; unquoted, H2 would create {@code PERSON}.
     */
    private record TableSql(String create, String drop, String truncate, String analyze, String countAndAgeSum) {

        private static final String COUNT_AND_AGE_SUM = "SELECT COUNT(*), COALESCE(SUM(age), 0) FROM person";

        static TableSql of(BenchDatabase database) {
            return switch (database) {
                case POSTGRES -> new TableSql(
                        "CREATE TABLE person (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
                                + " name varchar(255) NOT NULL, email varchar(255) NOT NULL, age int NOT NULL,"
                                + " created_at timestamptz NOT NULL)",
                        "DROP TABLE IF EXISTS person",
                        "TRUNCATE person RESTART IDENTITY",
                        "ANALYZE person",
                        COUNT_AND_AGE_SUM);
                case MARIADB -> new TableSql(
                        "CREATE TABLE person (id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY,"
                                + " name varchar(255) NOT NULL, email varchar(255) NOT NULL, age int NOT NULL,"
                                + " created_at datetime(6) NOT NULL) ENGINE=InnoDB",
                        "DROP TABLE IF EXISTS person",
                        "TRUNCATE TABLE person",
                        "ANALYZE TABLE person",
                        COUNT_AND_AGE_SUM);
                case H2 -> new TableSql(
                        "CREATE TABLE \"person\" (\"id\" BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
                                + " \"name\" VARCHAR(255) NOT NULL, \"email\" VARCHAR(255) NOT NULL, \"age\" INT NOT NULL,"
                                + " \"created_at\" TIMESTAMP(6) WITH TIME ZONE NOT NULL)",
                        "DROP TABLE IF EXISTS \"person\"",
                        "TRUNCATE TABLE \"person\" RESTART IDENTITY",
                        "ANALYZE TABLE \"person\"",
                        "SELECT COUNT(*), COALESCE(SUM(\"age\"), 0) FROM \"person\"");
            };
        }
    }
}
