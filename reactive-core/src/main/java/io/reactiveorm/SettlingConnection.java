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
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

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
 * until every write sent has finished.
 *
 * <p>Why: a cancel does not stop work that is running on another thread at that moment. A flush
 * cancelled while it built a batch on the event loop went on to send the INSERT after the ROLLBACK
 * the cancel had sent, so the INSERT ran outside the transaction and committed (seen on PostgreSQL,
 * in the server log and in the order of the calls here). Refusing writes once the transaction ends
 * closes that race; waiting for writes in flight keeps a cancelled statement from being overtaken.
 *
 * <p>Thread-safety: writes may complete on any thread; otherwise used like the connection it wraps.
 */
final class SettlingConnection implements DriverConnection {

    private final DriverConnection connection;
    /** Writes sent and not finished; guarded by itself, with {@link #ending}. */
    private final Set<CompletableFuture<?>> running = new HashSet<>();
    /** Set when the commit or rollback is asked for: a write that comes later (work racing its cancel) is refused. */
    private boolean ending;

    SettlingConnection(DriverConnection connection) {
        this.connection = connection;
    }

    /** Subscribes the write now and independently of its caller; the caller's cancel does not reach it. */
    private <T> Mono<T> write(Supplier<Mono<T>> statement) {
        return Mono.defer(() -> {
            CompletableFuture<T> future;
            synchronized (running) {
                if (ending) {
                    return Mono.error(new CancellationException("the transaction is ending; a write after its end is not sent"));
                }
                future = statement.get().toFuture();
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

    /** Refuses later writes, and completes when every write sent so far has finished, whether it succeeded or not. */
    private Mono<Void> settled(boolean end) {
        return Mono.defer(() -> {
            CompletableFuture<?>[] sent;
            synchronized (running) {
                ending |= end;
                sent = running.toArray(CompletableFuture[]::new);
            }
            return sent.length == 0 ? Mono.empty() : Mono.fromFuture(CompletableFuture.allOf(sent).handle((v, e) -> null)).then();
        });
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
        return settled(false).then(connection.createSavepoint(name));
    }

    @Override
    public Mono<Void> releaseSavepoint(String name) {
        return settled(false).then(connection.releaseSavepoint(name));
    }

    @Override
    public Mono<Void> rollbackToSavepoint(String name) {
        return settled(false).then(connection.rollbackToSavepoint(name));
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
        return connection.nextSequenceValues(entity, count);
    }

    @Override
    public Flux<Object[]> select(EntityMetadata<?> entity, Query<?> query) {
        return connection.select(entity, query);
    }

    @Override
    public Mono<Long> count(EntityMetadata<?> entity, Filter filter) {
        return connection.count(entity, filter);
    }

    @Override
    public Flux<Object[]> selectIn(EntityMetadata<?> entity, PropertyMetadata property, List<?> values) {
        return connection.selectIn(entity, property, values);
    }

    @Override
    public Flux<Object[]> selectLinked(JoinTableMetadata joinTable, List<?> ownerIds) {
        return connection.selectLinked(joinTable, ownerIds);
    }

    @Override
    public Flux<Object[]> selectJoined(EntityMetadata<?> root, Query<?> query, List<Join> joins) {
        return connection.selectJoined(root, query, joins);
    }
}
