package io.reactiveorm.sql.r2dbc;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.R2dbcRollbackException;
import io.r2dbc.spi.R2dbcTransientException;
import io.r2dbc.spi.Readable;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Statement;
import io.reactiveorm.DatabaseException;
import io.reactiveorm.OrmException;
import io.reactiveorm.internal.OrmErrors;
import io.reactiveorm.sql.StatementEvent;
import io.reactiveorm.sql.StatementListener;
import io.reactiveorm.sql.render.Binds;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Sends statements on one connection: binds, executes, times, logs through SLF4J (statement,
 * duration and rows at INFO on {@code io.reactiveorm.sql}; parameters only when DEBUG is on),
 * tells the {@link StatementListener}, and turns whatever the driver raises into reactive-orm's errors,
 * naming the operation, entity, SQL state and vendor code. Not only {@code R2dbcException}: a driver may
 * fail with its own exception type, as r2dbc-h2 does with H2's {@code DbException} when it cannot
 * bind a value.
 */
public final class StatementRunner {

    private static final Logger LOG = LoggerFactory.getLogger("io.reactiveorm.sql");

    private final Connection connection;
    private final StatementListener listener;
    /** The first statement that failed since the last BEGIN, or {@code null}; written and read by one operation at a time. */
    private OrmException failedInTransaction;

    StatementRunner(Connection connection, StatementListener listener) {
        this.connection = connection;
        this.listener = listener;
    }

    /** Runs a statement and emits the total of rows it changed. */
    public Mono<Long> update(String sql, Binds binds, String operation, String entity) {
        return run(sql, binds, null, operation, entity, result -> result.getRowsUpdated(), true).reduce(0L, Long::sum);
    }

    /** Runs a statement and maps the rows it returns; with {@code generatedKeys} it asks for the named column. */
    public <T> Flux<T> query(String sql, Binds binds, String generatedKey, Function<Readable, T> mapper,
                             String operation, String entity) {
        return run(sql, binds, generatedKey, operation, entity, result -> result.map(row -> read(mapper, row)), false);
    }

    /** Reads a row; what the mapper throws is marked as a read failure, so it is not taken for the driver's. */
    private static <T> T read(Function<Readable, T> mapper, Readable row) {
        try {
            return mapper.apply(row);
        } catch (RuntimeException e) {
            throw new ReadFailure(e);
        }
    }

    /**
     * A failure of the mapper reading a row the statement returned (a value that does not convert, such
     * as a malformed UUID in a CHAR column): the statement ran, so it is not a database error; the
     * mapper's own exception travels on.
     */
    private static final class ReadFailure extends RuntimeException {

        ReadFailure(RuntimeException cause) {
            super(cause);
        }
    }

    /** Runs BEGIN as {@link #control}, and forgets the failures of earlier transactions. */
    public Mono<Void> begin(Publisher<Void> action) {
        return Mono.defer(() -> {
            failedInTransaction = null;
            return control("BEGIN", action);
        });
    }

    /**
     * Runs COMMIT as {@link #control}. A COMMIT that the database turned into a ROLLBACK after a statement of
     * the transaction failed (PostgreSQL aborts a transaction at its first failed statement, even one whose
     * error the application handled) fails with {@link OrmErrors#commitAfterFailedStatement}, naming that
     * statement, rather than as the driver's transient rollback.
     */
    public Mono<Void> commit(Publisher<Void> action) {
        return control("COMMIT", action).onErrorMap(this::abortedEarlier,
                e -> OrmErrors.commitAfterFailedStatement(failedInTransaction, e.getCause()));
    }

    /**
     * Whether a COMMIT failed as a rollback without a rollback's SQL state (class 40: serialization
     * failure, deadlock), after a statement of the transaction failed.
     */
    private boolean abortedEarlier(Throwable commitFailure) {
        return failedInTransaction != null && commitFailure instanceof DatabaseException
                && commitFailure.getCause() instanceof R2dbcRollbackException rollback
                && (rollback.getSqlState() == null || !rollback.getSqlState().startsWith("40"));
    }

    /**
     * Runs ROLLBACK TO SAVEPOINT as {@link #control}; once it succeeded, what failed inside the savepoint
     * no longer aborts the transaction (and on PostgreSQL nothing failed before it: an aborted
     * transaction refuses SAVEPOINT).
     */
    public Mono<Void> rollbackToSavepoint(String name, Publisher<Void> action) {
        return control("ROLLBACK TO SAVEPOINT " + name, action).doOnSuccess(done -> failedInTransaction = null);
    }

    /** Runs transaction control (BEGIN, COMMIT, ...) so it is logged and counted like any statement. */
    public Mono<Void> control(String label, Publisher<Void> action) {
        return Mono.defer(() -> {
            Execution execution = new Execution(label, null);
            return execution.reported(Flux.from(action)
                    .onErrorMap(StatementRunner::raisedByDriver, e -> translate(label, "transaction", e))).then();
        });
    }

    private <T> Flux<T> run(String sql, Binds binds, String generatedKey, String operation, String entity,
                            Function<Result, Publisher<T>> perResult, boolean countsRows) {
        return Flux.defer(() -> {
            Execution execution = new Execution(sql, binds);
            // binding is part of the statement: a value the driver refuses fails, and is reported, like the execution
            return execution.reported(Flux.defer(() -> execute(sql, binds, generatedKey))
                    .concatMap(perResult)
                    .doOnDiscard(Result.class, StatementRunner::consumeUnread)
                    .doOnNext(item -> execution.rows.addAndGet(countsRows ? (Long) item : 1))
                    .onErrorMap(StatementRunner::raisedByDriver, e -> remember(translate(operation, entity, e)))
                    .onErrorMap(ReadFailure.class, Throwable::getCause));
        });
    }

    /**
     * Consumes a result that a cancel dropped before it was read. The driver's exchange for the statement
     * ends only once its result has been read or cancelled: left alone, a result emitted but dropped by a
     * cancel holds the connection for good (r2dbc-mysql: every later statement, the ROLLBACK and the
     * pool's release wait behind it).
     */
    private static void consumeUnread(Result result) {
        Flux.from(result.getRowsUpdated()).subscribe(null, e -> LOG.debug("A dropped result failed while it was consumed", e));
    }

    private Publisher<? extends Result> execute(String sql, Binds binds, String generatedKey) {
        Statement statement = connection.createStatement(sql);
        for (int i = 0; i < binds.size(); i++) {
            Object value = binds.value(i);
            if (value == null) {
                statement.bindNull(i, binds.type(i));
            } else {
                statement.bind(i, value);
            }
        }
        if (generatedKey != null) {
            statement.returnGeneratedValues(generatedKey);
        }
        return statement.execute();
    }

    /**
     * Whether a failure is the driver's, to be translated: any exception but reactive-orm's own and
     * Reactor's signals, which travel on unchanged ({@link Exceptions#isFatal} covers its cancel and
     * bubbling exceptions), as do {@link Error}s.
     */
    private static boolean raisedByDriver(Throwable e) {
        return e instanceof Exception && !(e instanceof OrmException) && !(e instanceof ReadFailure) && !Exceptions.isFatal(e);
    }

    private OrmException remember(OrmException failure) {
        if (failedInTransaction == null) {
            failedInTransaction = failure;
        }
        return failure;
    }

    /** A driver's failure of a statement, with what it says of itself ({@link DriverFailure}). */
    private static OrmException translate(String operation, String entity, Throwable e) {
        DriverFailure failure = DriverFailure.of(e);
        return OrmErrors.statementFailed(operation, entity, failure.sqlState(), failure.vendorCode(),
                e instanceof R2dbcTransientException, e);
    }

    /**
     * One statement from its start until it is reported. Reported once, at its first end: a cancel that
     * reaches a statement after it completed (a downstream operator cancelling on its own error) is
     * not a second statement.
     */
    private final class Execution {

        private final String sql;
        private final Binds binds;
        private final long start = System.nanoTime();
        private final AtomicLong rows = new AtomicLong();
        private final AtomicBoolean reported = new AtomicBoolean();

        Execution(String sql, Binds binds) {
            this.sql = sql;
            this.binds = binds;
        }

        /** {@code statement}, reported at its end, before the terminal signal travels on (so whoever awaits the result sees the event). */
        <T> Flux<T> reported(Flux<T> statement) {
            return statement.doOnComplete(() -> finished(SignalType.ON_COMPLETE, null))
                    .doOnError(e -> finished(SignalType.ON_ERROR, e))
                    .doOnCancel(() -> finished(SignalType.CANCEL, null));
        }

        private void finished(SignalType signal, Throwable error) {
            if (!reported.compareAndSet(false, true)) {
                return;
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            long count = rows.get();
            if (LOG.isDebugEnabled()) {
                LOG.debug("[{} ms, {} rows{}] {} -- {}", elapsed.toMillis(), count, outcome(signal), sql, binds == null ? "[]" : binds);
            } else if (LOG.isInfoEnabled()) {
                LOG.info("[{} ms, {} rows{}] {}", elapsed.toMillis(), count, outcome(signal), sql);
            }
            if (listener != null) {
                listener.onStatement(new StatementEvent(sql, binds == null ? 0 : binds.size(), count, elapsed, error));
            }
        }
    }

    private static String outcome(SignalType signal) {
        return switch (signal) {
            case ON_ERROR -> ", failed";
            case CANCEL -> ", cancelled";
            default -> "";
        };
    }
}
