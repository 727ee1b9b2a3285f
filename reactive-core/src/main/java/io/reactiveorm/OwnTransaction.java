package io.reactiveorm;

import io.reactiveorm.spi.Driver;
import io.reactiveorm.spi.DriverConnection;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Work in a transaction on a connection of its own, safe to cancel: a cancel stops the work, and the
 * transaction then waits for the writes already sent, rolls back and releases the connection, on its
 * own after the canceller has gone on. Cancelling the transaction's steps directly would release the
 * connection while a ROLLBACK may still be queued behind a cancelled write, or overtaken by it.
 * Meanwhile the operation that ran it keeps its EntityManager's guard (see {@link OperationGuard#settling}),
 * so that the next operation sees the unit of work as the transaction left it.
 */
final class OwnTransaction {

    private OwnTransaction() {
    }

    /**
     * Begins, runs {@code work} on the connection, commits and runs {@code committed} (before anyone
     * sees the result, and even if the caller cancelled after the commit); rolls back on error or cancel.
     * The operation holding {@code guard} keeps it, if cancelled, until all that is done and the connection
     * is released; when it was cancelled before this began, nothing is begun.
     */
    static <T> Mono<T> run(Driver driver, OperationGuard guard, Function<DriverConnection, Mono<T>> work, Runnable committed) {
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
                guard.settled(settle);
                return;
            }
            Mono<T> cancellation = cancel.asMono().then(Mono.error(() -> new CancellationException("the transaction was cancelled")));
            driver.withConnection(raw -> {
                        DriverConnection connection = new SettlingConnection(raw);
                        return Mono.usingWhen(
                                connection.beginTransaction().thenReturn(connection),
                                c -> Mono.firstWithSignal(cancellation, work.apply(c)),
                                DriverConnection::commitTransaction,
                                (c, error) -> c.rollbackTransaction(),
                                DriverConnection::rollbackTransaction);
                    })
                    .singleOrEmpty()
                    .doOnSuccess(result -> committed.run())
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
