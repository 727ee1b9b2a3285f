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
 */
final class OwnTransaction {

    private OwnTransaction() {
    }

    /** Begins, runs {@code work} on the connection, and commits; rolls back on error or cancel. */
    static <T> Mono<T> run(Driver driver, Function<DriverConnection, Mono<T>> work) {
        return run(driver, work, () -> { });
    }

    /**
     * Begins, runs {@code work} on the connection, commits and runs {@code committed} (before anyone
     * sees the result, and even if the caller cancelled after the commit); rolls back on error or cancel.
     */
    static <T> Mono<T> run(Driver driver, Function<DriverConnection, Mono<T>> work, Runnable committed) {
        return Mono.create(sink -> {
            Sinks.Empty<Void> cancel = Sinks.empty();
            AtomicBoolean cancelled = new AtomicBoolean();
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
                    .subscribe(sink::success, error -> {
                        if (!cancelled.get()) {
                            sink.error(error);
                        }
                    }, sink::success);
            sink.onCancel(() -> {
                cancelled.set(true);
                cancel.tryEmitEmpty();
            });
        });
    }
}
