package io.reactiveorm.sql.r2dbc;

import io.r2dbc.spi.Batch;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionMetadata;
import io.r2dbc.spi.IsolationLevel;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import io.r2dbc.spi.Readable;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;
import io.r2dbc.spi.Statement;
import io.r2dbc.spi.TransactionDefinition;
import io.r2dbc.spi.ValidationDepth;
import io.reactiveorm.DatabaseException;
import io.reactiveorm.OrmException;
import io.reactiveorm.sql.StatementEvent;
import io.reactiveorm.sql.render.Binds;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How {@link StatementRunner} passes on what a driver raises, over a fake connection whose statements
 * fail as told: every driver failure, bound or executed, becomes a {@link DatabaseException}; reactive-orm's
 * own errors, Reactor's cancel and {@link Error}s travel on unchanged.
 */
class StatementRunnerTest {

    private final List<StatementEvent> events = new ArrayList<>();

    @Test
    void aValueTheDriverRefusesToBindFailsAsADatabaseErrorAndIsReportedAsAFailedStatement() {
        IllegalArgumentException refused = new IllegalArgumentException("Cannot encode parameter of type Thing");
        StatementRunner runner = runner(new FailingStatement(refused, null));

        Throwable error = failureOf(runner.update("INSERT INTO t (c) VALUES ($1)", oneBind(), "INSERT", "Thing"));

        assertThat(error).isInstanceOf(DatabaseException.class).hasCause(refused)
                .hasMessage("RO-4001: INSERT of Thing failed: Cannot encode parameter of type Thing");
        assertThat(((DatabaseException) error).sqlState()).isNull();
        assertThat(((DatabaseException) error).vendorCode()).isZero();
        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.sql()).isEqualTo("INSERT INTO t (c) VALUES ($1)");
            assertThat(event.error()).isSameAs(error);
        });
    }

    @Test
    void aDriversOwnExceptionIsNamedByTheStateAndCodeOfTheSqlExceptionItCarries() {
        // as H2's DbException carries its JdbcSQLException
        RuntimeException h2 = new RuntimeException("Scale (\"-3\") must be between \"0\" and \"100000\"",
                new SQLException("Scale (\"-3\") must be between \"0\" and \"100000\"", "90151", 90151));
        StatementRunner runner = runner(new FailingStatement(h2, null));

        Throwable error = failureOf(runner.update("UPDATE t SET c = $1", oneBind(), "UPDATE", "Thing"));

        assertThat(error).isInstanceOf(DatabaseException.class).hasCause(h2)
                .hasMessageStartingWith("RO-4001: UPDATE of Thing failed [SQL state 90151, vendor code 90151]: Scale");
        assertThat(((DatabaseException) error).sqlState()).isEqualTo("90151");
        assertThat(((DatabaseException) error).vendorCode()).isEqualTo(90151);
    }

    @Test
    void anR2dbcExceptionWithoutAStateIsNamedByItsVendorCodeAndKeepsItsTransience() {
        // as r2dbc-mysql reports MariaDB's error 1406 (state 22001 dropped)
        StatementRunner tooLong = runner(new FailingStatement(null,
                new R2dbcNonTransientResourceException("Data too long for column 'title' at row 1", null, 1406)));
        StatementRunner deadlock = runner(new FailingStatement(null,
                new R2dbcTransientResourceException("Deadlock found", "40001", 1213)));

        Throwable error = failureOf(tooLong.query("SELECT 1", new Binds(0), null, row -> row, "SELECT", "Thing").then());
        Throwable transientError = failureOf(deadlock.update("DELETE FROM t", new Binds(0), "DELETE", "Thing"));

        assertThat(error).hasMessage("RO-4001: SELECT of Thing failed [vendor code 1406, no SQL state]:"
                + " Data too long for column 'title' at row 1");
        assertThat(((DatabaseException) error).isTransient()).isFalse();
        assertThat(transientError).hasMessage("RO-4001: DELETE of Thing failed [SQL state 40001, vendor code 1213]:"
                + " Deadlock found (transient: retrying may succeed)");
        assertThat(((DatabaseException) transientError).isTransient()).isTrue();
    }

    @Test
    void reactiveOrmsOwnErrorsReactorsCancelAndErrorsTravelOnUnchanged() {
        OrmException stale = new OrmException("RO-3005", "stale");
        for (Throwable failure : List.of(stale, Exceptions.failWithCancel(), new AssertionError("broken invariant"))) {
            StatementRunner runner = runner(new FailingStatement(null, failure));

            assertThat(failureOf(runner.update("DELETE FROM t", new Binds(0), "DELETE", "Thing"))).isSameAs(failure);
            assertThat(failureOf(runner.control("COMMIT", Mono.error(failure)))).isSameAs(failure);
        }
        StatementRunner binding = runner(new FailingStatement(stale, null));
        assertThat(failureOf(binding.update("DELETE FROM t WHERE c = $1", oneBind(), "DELETE", "Thing"))).isSameAs(stale);
    }

    @Test
    void aFailedTransactionControlIsADatabaseErrorOfTheTransaction() {
        StatementRunner runner = runner(new FailingStatement(null, null));

        Throwable error = failureOf(runner.control("COMMIT", Mono.error(new IllegalStateException("Connection closed"))));

        assertThat(error).isInstanceOf(DatabaseException.class).hasMessage("RO-4001: COMMIT of transaction failed: Connection closed");
        assertThat(events).singleElement().satisfies(event -> assertThat(event.error()).isSameAs(error));
    }

    @Test
    void aValueTheMapperCannotConvertFailsWithTheMappersOwnErrorNotAsADatabaseError() {
        StatementRunner runner = runner(new FailingStatement(Flux.just(new FakeResult("not-a-uuid", new AtomicInteger()))));

        Throwable error = failureOf(runner.query("SELECT id FROM t", new Binds(0), null,
                row -> UUID.fromString(row.get(0, String.class)), "SELECT", "Thing"));

        assertThat(error).isExactlyInstanceOf(IllegalArgumentException.class).hasMessage("Invalid UUID string: not-a-uuid");
        assertThat(events).singleElement().satisfies(event -> assertThat(event.error()).isSameAs(error));
    }

    /**
     * A result the driver emits after the read was cancelled (on its own thread, the cancel racing it) is
     * consumed: a driver ends the statement's exchange only once its result has been read or cancelled, and
     * r2dbc-mysql held the connection for good otherwise.
     */
    @Test
    void aResultEmittedAfterTheCancelIsConsumed() {
        AtomicReference<Subscriber<? super Result>> driver = new AtomicReference<>();
        Publisher<Result> results = subscriber -> {
            driver.set(subscriber);
            subscriber.onSubscribe(new Subscription() {
                @Override
                public void request(long n) {
                }

                @Override
                public void cancel() {
                }
            });
        };
        StatementRunner runner = runner(new FailingStatement(results));
        runner.query("SELECT c FROM t", new Binds(0), null, row -> row.get(0, String.class), "SELECT", "Thing")
                .subscribe().dispose();
        AtomicInteger consumed = new AtomicInteger();

        driver.get().onNext(new FakeResult("late", consumed));

        assertThat(consumed).hasValue(1);
        assertThat(events).singleElement().satisfies(event -> assertThat(event.rows()).isZero());
    }

    private StatementRunner runner(FailingStatement statement) {
        return new StatementRunner(new OneStatementConnection(statement), events::add);
    }

    private static Binds oneBind() {
        Binds binds = new Binds(1);
        binds.add("x", String.class);
        return binds;
    }

    /**
     * The failure a publisher ends with: signalled, or thrown to the subscriber, as Reactor does with its
     * bubbling exceptions (a cancel signalled through {@code doOnError} is rethrown there).
     */
    private static Throwable failureOf(Publisher<?> publisher) {
        try {
            return Flux.from(publisher).then(Mono.<Throwable>empty()).onErrorResume(Mono::just).block(Duration.ofSeconds(5));
        } catch (RuntimeException thrown) {
            return thrown;
        }
    }

    /**
     * A statement whose bind throws {@code bindFailure}, or whose execution signals {@code executeFailure},
     * or which returns {@code results}.
     */
    private static final class FailingStatement implements Statement {

        private final RuntimeException bindFailure;
        private final Throwable executeFailure;
        private final Publisher<? extends Result> results;

        FailingStatement(RuntimeException bindFailure, Throwable executeFailure) {
            this.bindFailure = bindFailure;
            this.executeFailure = executeFailure;
            this.results = Flux.empty();
        }

        FailingStatement(Publisher<? extends Result> results) {
            this.bindFailure = null;
            this.executeFailure = null;
            this.results = results;
        }

        @Override
        public Statement bind(int index, Object value) {
            return bound();
        }

        @Override
        public Statement bindNull(int index, Class<?> type) {
            return bound();
        }

        private Statement bound() {
            if (bindFailure != null) {
                throw bindFailure;
            }
            return this;
        }

        @Override
        public Publisher<? extends Result> execute() {
            if (executeFailure != null) {
                return Flux.error(executeFailure);
            }
            return results;
        }

        @Override
        public Statement add() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Statement bind(String name, Object value) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Statement bindNull(String name, Class<?> type) {
            throw new UnsupportedOperationException();
        }
    }

    /**
     * A result of one row whose one column holds {@code value}; StatementRunner reads rows through {@code map}.
     * {@code consumed} counts the times it was consumed without being read ({@code getRowsUpdated}).
     */
    private record FakeResult(Object value, AtomicInteger consumed) implements Result {

        @Override
        public <T> Publisher<T> map(Function<? super Readable, ? extends T> mapper) {
            Readable row = new Readable() {
                @Override
                public <V> V get(int index, Class<V> type) {
                    return type.cast(value);
                }

                @Override
                public <V> V get(String name, Class<V> type) {
                    return type.cast(value);
                }
            };
            return Flux.just(row).map(mapper);
        }

        @Override
        public Publisher<Long> getRowsUpdated() {
            return Flux.defer(() -> {
                consumed.incrementAndGet();
                return Flux.empty();
            });
        }

        @Override
        public <T> Publisher<T> map(BiFunction<Row, RowMetadata, ? extends T> mapper) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Result filter(Predicate<Segment> filter) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <T> Publisher<T> flatMap(Function<Segment, ? extends Publisher<? extends T>> mapper) {
            throw new UnsupportedOperationException();
        }
    }

    /** A connection that hands out one statement; StatementRunner uses nothing else of it. */
    private static final class OneStatementConnection implements Connection {

        private final Statement statement;

        OneStatementConnection(Statement statement) {
            this.statement = statement;
        }

        @Override
        public Statement createStatement(String sql) {
            return statement;
        }

        @Override
        public Publisher<Void> beginTransaction() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Publisher<Void> beginTransaction(TransactionDefinition definition) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Publisher<Void> close() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Publisher<Void> commitTransaction() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Batch createBatch() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Publisher<Void> createSavepoint(String name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isAutoCommit() {
            throw new UnsupportedOperationException();
        }

        @Override
        public ConnectionMetadata getMetadata() {
            throw new UnsupportedOperationException();
        }

        @Override
        public IsolationLevel getTransactionIsolationLevel() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Publisher<Void> releaseSavepoint(String name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Publisher<Void> rollbackTransaction() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Publisher<Void> rollbackTransactionToSavepoint(String name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Publisher<Void> setAutoCommit(boolean autoCommit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Publisher<Void> setLockWaitTimeout(Duration timeout) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Publisher<Void> setStatementTimeout(Duration timeout) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Publisher<Void> setTransactionIsolationLevel(IsolationLevel isolationLevel) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Publisher<Boolean> validate(ValidationDepth depth) {
            throw new UnsupportedOperationException();
        }
    }
}
