package io.reactiveorm;

import io.reactiveorm.metadata.EntityMetadata;
import io.reactiveorm.metadata.JoinTableMetadata;
import io.reactiveorm.metadata.PropertyMetadata;
import io.reactiveorm.query.Filter;
import io.reactiveorm.query.Query;
import io.reactiveorm.spi.DeleteBatch;
import io.reactiveorm.spi.DriverConnection;
import io.reactiveorm.spi.InsertBatch;
import io.reactiveorm.spi.Join;
import io.reactiveorm.spi.LinkBatch;
import io.reactiveorm.spi.UpdateBatch;
import org.reactivestreams.Subscription;
import reactor.core.CorePublisher;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * A transaction's connection whose writes always run to their end: cancelling a write (a cancelled
 * flush or transaction) only stops waiting for it, and commit, rollback and the savepoint calls wait
 * until every write sent has finished. Savepoint calls are themselves waited for like writes.
 *
 * <p>Why: a cancel does not stop work that is running on another thread at that moment. A flush
 * cancelled while it built a batch on the event loop went on to send the INSERT after the ROLLBACK
 * the cancel had sent, so the INSERT ran outside the transaction and committed (seen on PostgreSQL,
 * in the server log and in the order of the calls here). Refusing writes once the transaction ends
 * closes that race; waiting for writes in flight keeps a cancelled statement from being overtaken.
 * The same holds for savepoint calls, which are sent and waited for like writes: the ROLLBACK of a
 * transaction cancelled with a nested one waits for its ROLLBACK TO SAVEPOINT, or refuses it, instead
 * of being overtaken by it and releasing the connection with a statement still to come. And a savepoint
 * is released or rolled back to only once every savepoint created after it is through: cancelled
 * together, a nested transaction and the flush inside it roll back innermost first (the other way
 * round the flush's savepoint no longer exists, which fails, and on PostgreSQL aborts the transaction).
 *
 * <p>Reads are waited for too, while a thread is inside a call into one (subscribing it, or requesting
 * its rows): commit, rollback and the savepoint calls are sent once no thread is. Why: r2dbc-h2 runs
 * the statement, and fetches its rows, on the thread that subscribes and requests, holding H2's
 * session lock. A transactional timed out while its read ran sent the ROLLBACK from Reactor's timer
 * thread, which then waited for that lock (under BlockHound the ROLLBACK failed; r2dbc-pool, which
 * forgets the transaction once a rollback is subscribed, gave the connection back with auto-commit
 * off, the transaction still open). Drivers that emit on their own threads return from these calls at
 * once. A read subscribed after the commit or rollback was asked for is refused, and a request to a
 * cancelled read is not passed on.
 *
 * <p>Thread-safety: writes may complete on any thread; otherwise used like the connection it wraps.
 */
final class SettlingConnection implements DriverConnection {

    private final DriverConnection connection;
    /** Writes sent and not finished; guarded by itself, with {@link #ending} and {@link #savepoints}. */
    private final Set<CompletableFuture<?>> running = new HashSet<>();
    /** Savepoints created and not yet released or rolled back to, oldest first. */
    private final List<OpenSavepoint> savepoints = new ArrayList<>();
    /** Set when the commit or rollback is asked for: a write that comes later (work racing its cancel) is refused. */
    private boolean ending;
    /** Calls into reads under way (nested calls counted each), and what completes when none is left; guarded by {@link #running}. */
    private int readCalls;
    private CompletableFuture<Void> readCallsDone;

    SettlingConnection(DriverConnection connection) {
        this.connection = connection;
    }

    /**
     * Subscribes the write now and independently of its caller, with the caller's Context (a future
     * subscribes with an empty one); the caller's cancel does not reach it.
     */
    private <T> Mono<T> write(Supplier<Mono<T>> statement) {
        return Mono.deferContextual(context -> {
            CompletableFuture<T> future;
            synchronized (running) {
                if (ending) {
                    return Mono.error(new CancellationException("the transaction is ending; a write after its end is not sent"));
                }
                future = statement.get().contextWrite(context).toFuture();
                running.add(future);
            }
            // the outcome as a value: an error after the caller's cancel would be reported as dropped
            CompletableFuture<Outcome<T>> outcome = future.handle((value, error) -> {
                synchronized (running) {
                    running.remove(future);
                }
                return new Outcome<>(value, error instanceof CompletionException && error.getCause() != null ? error.getCause() : error);
            });
            return Mono.fromFuture(outcome, true).flatMap(o -> o.error == null ? Mono.justOrEmpty(o.value) : Mono.error(o.error));
        });
    }

    private record Outcome<T>(T value, Throwable error) {
    }

    /** A savepoint from its creation until it is released or rolled back to, whatever the outcome. */
    private record OpenSavepoint(String name, CompletableFuture<Void> through) {
    }

    /**
     * Refuses later writes, and completes when every write sent so far has finished, whether it succeeded or not,
     * and no thread is inside a call into a read.
     */
    private Mono<Void> settled(boolean end) {
        return Mono.defer(() -> {
            CompletableFuture<?>[] sent;
            synchronized (running) {
                ending |= end;
                int writes = running.size();
                sent = running.toArray(new CompletableFuture<?>[writes + (readCalls > 0 ? 1 : 0)]);
                if (readCalls > 0) {
                    if (readCallsDone == null) {
                        readCallsDone = new CompletableFuture<>();
                    }
                    sent[writes] = readCallsDone;
                }
            }
            return sent.length == 0 ? Mono.empty() : Mono.fromFuture(CompletableFuture.allOf(sent).handle((v, e) -> null)).then();
        });
    }

    /** A call into a read starts; false when it must not (a read subscribed after the end was asked for). */
    private boolean enterRead(boolean subscribing) {
        synchronized (running) {
            if (subscribing && ending) {
                return false;
            }
            readCalls++;
            return true;
        }
    }

    /** A call into a read has returned: the connection is free for the commit, rollback or savepoint call waiting for it. */
    private void leaveRead() {
        CompletableFuture<Void> done = null;
        synchronized (running) {
            if (--readCalls == 0) {
                done = readCallsDone;
                readCallsDone = null;
            }
        }
        if (done != null) {
            done.complete(null);
        }
    }

    private <T> Flux<T> read(Flux<T> rows) {
        return new Read<>(this, rows);
    }

    private <T> Mono<T> read(Mono<T> row) {
        return Mono.fromDirect(new Read<>(this, row));
    }

    @Override
    public Mono<Void> beginTransaction() {
        return connection.beginTransaction();
    }

    @Override
    public Mono<Void> commitTransaction() {
        return settled(true).then(connection.commitTransaction());
    }

    @Override
    public Mono<Void> rollbackTransaction() {
        return settled(true).then(connection.rollbackTransaction());
    }

    @Override
    public Mono<Void> createSavepoint(String name) {
        return Mono.defer(() -> {
            OpenSavepoint savepoint = new OpenSavepoint(name, new CompletableFuture<>());
            synchronized (running) {
                savepoints.add(savepoint);
            }
            return afterWrites(() -> connection.createSavepoint(name)).doOnError(error -> through(savepoint));
        });
    }

    @Override
    public Mono<Void> releaseSavepoint(String name) {
        return endSavepoint(name, () -> connection.releaseSavepoint(name));
    }

    @Override
    public Mono<Void> rollbackToSavepoint(String name) {
        return endSavepoint(name, () -> connection.rollbackToSavepoint(name));
    }

    /** Releases or rolls back to the latest savepoint {@code name} once every savepoint created after it is through. */
    private Mono<Void> endSavepoint(String name, Supplier<Mono<Void>> statement) {
        return Mono.defer(() -> {
            OpenSavepoint ended = null;
            List<CompletableFuture<?>> later = new ArrayList<>();
            synchronized (running) {
                for (int i = savepoints.size() - 1; i >= 0 && ended == null; i--) {
                    OpenSavepoint open = savepoints.get(i);
                    if (open.name.equals(name)) {
                        ended = open;
                    } else {
                        later.add(open.through);
                    }
                }
            }
            OpenSavepoint savepoint = ended;
            Mono<Void> inner = savepoint == null || later.isEmpty() ? Mono.empty()
                    : Mono.fromFuture(CompletableFuture.allOf(later.toArray(CompletableFuture[]::new))).then();
            return inner.then(afterWrites(statement)).doFinally(signal -> {
                if (savepoint != null) {
                    through(savepoint);
                }
            });
        });
    }

    private void through(OpenSavepoint savepoint) {
        synchronized (running) {
            savepoints.remove(savepoint);
        }
        savepoint.through.complete(null);
    }

    /** A savepoint call: sent once every write sent before it has finished, and sent, waited for and refused like a write. */
    private Mono<Void> afterWrites(Supplier<Mono<Void>> statement) {
        return write(() -> settled(false).then(Mono.defer(statement)));
    }

    @Override
    public Mono<Object[]> insert(InsertBatch batch) {
        return write(() -> connection.insert(batch));
    }

    @Override
    public Mono<Long> update(UpdateBatch batch) {
        return write(() -> connection.update(batch));
    }

    @Override
    public Mono<Long> delete(DeleteBatch batch) {
        return write(() -> connection.delete(batch));
    }

    @Override
    public Mono<Long> insertLinks(LinkBatch batch) {
        return write(() -> connection.insertLinks(batch));
    }

    @Override
    public Mono<Long> deleteLinks(LinkBatch batch) {
        return write(() -> connection.deleteLinks(batch));
    }

    @Override
    public Mono<Long> deleteLinksOf(JoinTableMetadata joinTable, Object[] ownerIds) {
        return write(() -> connection.deleteLinksOf(joinTable, ownerIds));
    }

    @Override
    public Mono<long[]> nextSequenceValues(EntityMetadata<?> entity, int count) {
        return read(connection.nextSequenceValues(entity, count));
    }

    @Override
    public Flux<Object[]> select(EntityMetadata<?> entity, Query<?> query) {
        return read(connection.select(entity, query));
    }

    @Override
    public Mono<Long> count(EntityMetadata<?> entity, Filter filter) {
        return read(connection.count(entity, filter));
    }

    @Override
    public Flux<Object[]> selectIn(EntityMetadata<?> entity, PropertyMetadata property, List<?> values) {
        return read(connection.selectIn(entity, property, values));
    }

    @Override
    public Flux<Object[]> selectLinked(JoinTableMetadata joinTable, List<?> ownerIds) {
        return read(connection.selectLinked(joinTable, ownerIds));
    }

    @Override
    public Flux<Object[]> selectJoined(EntityMetadata<?> root, Query<?> query, List<Join> joins) {
        return read(connection.selectJoined(root, query, joins));
    }

    /** A read of the connection whose subscribe and request calls are counted (see {@link #settled}). */
    private static final class Read<T> extends Flux<T> {
        private final SettlingConnection connection;
        private final CorePublisher<T> source;

        Read(SettlingConnection connection, CorePublisher<T> source) {
            this.connection = connection;
            this.source = source;
        }

        @Override
        public void subscribe(CoreSubscriber<? super T> actual) {
            if (!connection.enterRead(true)) {
                Operators.error(actual, new CancellationException("the transaction is ending; a read after its end is not sent"));
                return;
            }
            try {
                source.subscribe(new Calls<>(connection, actual));
            } finally {
                connection.leaveRead();
            }
        }
    }

    /** One subscription of a {@link Read}: signals pass through; requests are counted, and dropped once it is cancelled. */
    private static final class Calls<T> implements CoreSubscriber<T>, Subscription {
        private final SettlingConnection connection;
        private final CoreSubscriber<? super T> actual;
        private Subscription upstream;
        private volatile boolean cancelled;

        Calls(SettlingConnection connection, CoreSubscriber<? super T> actual) {
            this.connection = connection;
            this.actual = actual;
        }

        @Override
        public void onSubscribe(Subscription s) {
            upstream = s;
            actual.onSubscribe(this);
        }

        @Override
        public void onNext(T value) {
            actual.onNext(value);
        }

        @Override
        public void onError(Throwable error) {
            actual.onError(error);
        }

        @Override
        public void onComplete() {
            actual.onComplete();
        }

        @Override
        public void request(long n) {
            if (cancelled || !connection.enterRead(false)) {
                return;
            }
            try {
                upstream.request(n);
            } finally {
                connection.leaveRead();
            }
        }

        @Override
        public void cancel() {
            cancelled = true;
            upstream.cancel();
        }

        @Override
        public Context currentContext() {
            return actual.currentContext();
        }
    }
}
