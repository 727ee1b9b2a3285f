package io.reactiveorm;

import io.reactiveorm.spi.Driver;
import io.reactiveorm.spi.DriverConnection;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Work in a transaction, safe to cancel: a transaction on a connection of its own, or a savepoint on a
 * transaction's connection. A cancel stops the work, and the transaction or savepoint then waits for
 * the writes already sent and rolls back (the connection of its own is released), on its own after
 * the canceller has gone on. Cancelling the steps directly would release the connection while a
 * ROLLBACK may still be queued behind a cancelled write, or overtaken by it, and would let the next
 * operation write on a transaction's connection before the ROLLBACK TO SAVEPOINT of the cancelled
 * one, which then took those writes away too. Meanwhile the operation that ran it keeps its
 * EntityManager's guard (see {@link OperationGuard#settling}), so that the next operation sees the
 * unit of work, and the connection, as the cancelled one left them.
 */
final class SettlingTransaction {

    private SettlingTransaction() {
    }

    /**
     * Begins, runs {@code work} on the connection, commits and runs {@code committed} (before anyone
     * sees the result, and even if the caller cancelled after the commit); rolls back on error or cancel
     * and runs {@code rolledBack}, as it does when it was cancelled before this began (nothing is begun then).
     * The operation holding {@code guard} keeps it, if cancelled, until all that is done and the
     * connection is released.
     */
    static <T> Mono<T> run(Driver driver, OperationGuard guard, Function<DriverConnection, Mono<T>> work, Runnable committed,
                           Runnable rolledBack) {
        return detached(guard, rolledBack, cancellation -> driver.withConnection(raw -> {
                    DriverConnection connection = new SettlingConnection(raw);
                    return Mono.usingWhen(
                            connection.beginTransaction().thenReturn(connection),
                            c -> Mono.firstWithSignal(cancellation, work.apply(c)),
                            DriverConnection::commitTransaction,
                            (c, error) -> c.rollbackTransaction(),
                            DriverConnection::rollbackTransaction).onErrorMap(SettlingTransaction::endFailure);
                })
                .singleOrEmpty()
                .doOnSuccess(result -> committed.run()));
    }

    /**
     * Creates the savepoint {@code name} on {@code connection}, runs {@code work}, releases the savepoint
     * and runs {@code released} (even if the caller cancelled after the release); rolls back to the
     * savepoint on error or cancel and runs {@code rolledBack}, as it does when it was cancelled before
     * this began (no savepoint is created then). The operation holding {@code guard} keeps it, if
     * cancelled, until all that is done.
     */
    static <T> Mono<T> inSavepoint(OperationGuard guard, DriverConnection connection, String name,
                                   Supplier<Mono<T>> work, Runnable released, Runnable rolledBack) {
        return detached(guard, rolledBack, cancellation -> Mono.usingWhen(
                        connection.createSavepoint(name).thenReturn(name),
                        n -> Mono.firstWithSignal(cancellation, work.get()),
                        connection::releaseSavepoint,
                        (n, error) -> connection.rollbackToSavepoint(n),
                        connection::rollbackToSavepoint)
                .onErrorMap(SettlingTransaction::endFailure)
                .doOnSuccess(result -> released.run()));
    }

    /**
     * A COMMIT or RELEASE SAVEPOINT that fails (a deferred constraint, a serialization failure) reaches
     * {@code usingWhen}'s subscriber wrapped ("Async resource cleanup failed after onComplete"); the
     * driver's error, translated, is what the caller gets.
     */
    private static Throwable endFailure(Throwable error) {
        return error.getClass() == RuntimeException.class && error.getCause() instanceof OrmException ? error.getCause() : error;
    }

    /**
     * {@code block}, subscribed apart from its caller: the caller's cancel only makes the Mono handed to
     * {@code block} fail with a CancellationException, and the block finishes on its own, reported to
     * {@code guard} from start to end. {@code failed} runs when the block fails (a cancel included) or was
     * cancelled before it began, before the guard is given back.
     */
    private static <T> Mono<T> detached(OperationGuard guard, Runnable failed, Function<Mono<T>, Mono<T>> block) {
        return Mono.create(sink -> {
            Sinks.Empty<Void> cancel = Sinks.empty();
            AtomicBoolean cancelled = new AtomicBoolean();
            // first: a cancel that came before is seen here at once
            sink.onCancel(() -> {
                cancelled.set(true);
                cancel.tryEmitEmpty();
            });
            OperationGuard.Settle settle = guard.settling();
            if (settle == null || cancelled.get()) {
                // its operation was cancelled before it began: nothing to roll back, nobody to answer
                failed.run();
                guard.settled(settle);
                return;
            }
            block.apply(cancel.asMono().then(Mono.error(() -> new CancellationException("the transaction was cancelled"))))
                    .doOnError(error -> failed.run())
                    .contextWrite(sink.contextView())
                    .doFinally(signal -> guard.settled(settle))
                    .subscribe(sink::success, error -> {
                        if (!cancelled.get()) {
                            sink.error(error);
                        }
                    }, sink::success);
        });
    }
}
