package io.reactiveorm;

import io.reactiveorm.internal.OrmErrors;
import io.reactiveorm.metadata.EntityMetadata;
import io.reactiveorm.metadata.RelationMetadata;
import io.reactiveorm.unitofwork.PopulatePlan;
import io.reactiveorm.unitofwork.Populator;
import io.reactiveorm.unitofwork.UnitOfWork;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The data-loader behind {@link EntityManager#load} and {@link EntityCollection#load()}: reference loads
 * subscribed close together are coalesced into one {@code SELECT ... WHERE id IN (...)} per entity type,
 * collection loads into one select-in query per relation (as {@code populate} sends for many owners).
 *
 * <p>The batching window: the first load opens a batch, taking the EntityManager's guard for it (so
 * any other operation meanwhile is rejected with RO-3007, and a load while another operation is in
 * flight is rejected the same way; a load waits, first, for a cancelled operation that still settles,
 * see {@link OperationGuard}). Later loads join the open batch. The batch is sent once no load
 * has joined for the Orm's {@link Orm#loadQuiet()} (at the latest {@link Orm#loadMaxWait()} after it
 * opened), from a timer on {@link Schedulers#parallel()}. Loads subscribed while a batch's query runs form the next batch
 * (a follow-up), which waits in the same way once that query is done: the quiet period starts again when
 * the query ends, and the longest wait counts from the follow-up's first load (so a zero window, or a
 * query that outlasted the longest wait, sends it at once). Sent straight after the query instead, a
 * follow-up would leave out the loads that come right after it, and one stall in a burst would split
 * it into a query per trickle. The query runs with the Reactor Context of its batch's first
 * load. When no batch is left, the guard is released before the loads' values go on, so a load's
 * continuation may start any operation.
 *
 * <p>Thread-safety: thread-safe; loads may be subscribed from any thread. The unit of work is only
 * touched while this loader holds the guard and, during a query, only by the query's thread; no query
 * is sent while a finished batch's answers (and so its loads' continuations in memory) still run.
 */
final class ReferenceLoader {

    private final DefaultEntityManager em;
    private final UnitOfWork uow;
    private final OperationGuard guard;
    private final Populator populator;
    private final Scheduler timer = Schedulers.parallel();
    private final long quietNanos;
    private final long maxWaitNanos;

    // guarded by this
    private List<Waiter> pending = new ArrayList<>();
    private OperationGuard.Claim claim;
    private boolean querying;
    /** The batch whose query runs, how many of its loads are still wanted, and the query. */
    private List<Waiter> sent = List.of();
    private int wanted;
    private Disposable.Swap query;
    private boolean joinedSinceTick;
    private long openedAt;
    /** Counts batches opened, so that the timer of an earlier one leaves a later one alone. */
    private long opened;
    /** A finished batch's answers are running (its loads' continuations, which may touch the unit of work). */
    private boolean answering;
    /** A batch came due while answers ran: it is sent once they are done. */
    private boolean dueAfterAnswers;

    ReferenceLoader(DefaultEntityManager em, UnitOfWork uow, OperationGuard guard, Orm orm) {
        this.em = em;
        this.uow = uow;
        this.guard = guard;
        this.populator = new Populator(uow);
        this.quietNanos = orm.loadQuiet().toNanos();
        this.maxWaitNanos = orm.loadMaxWait().toNanos();
    }

    /**
     * One subscribed load: the instance to load, or with a {@code relation} the owner of the collection
     * to load, and where its value goes.
     */
    private record Waiter(EntityMetadata<?> meta, Object entity, RelationMetadata relation, MonoSink<Object> sink) {
    }

    <T> Mono<T> load(EntityMetadata<T> meta, T entity, OperationGuard.Operation operation) {
        Mono<Object> loaded = Mono.create(sink -> join(new Waiter(meta, entity, null, sink), operation));
        return guard.afterSettling(loaded).map(meta.type()::cast);
    }

    /** Loads the collection {@code relation} of {@code owner}; completes once it is initialized. */
    Mono<Void> loadCollection(RelationMetadata relation, Object owner, OperationGuard.Operation operation) {
        Mono<Object> loaded = Mono.create(sink -> join(new Waiter(relation.owner(), owner, relation, sink), operation));
        return guard.afterSettling(loaded).then();
    }

    /** Whether a load needs the database: its instance is managed, and it or its collection is not loaded. */
    private boolean needsQuery(Waiter waiter) {
        if (!uow.contains(waiter.entity)) {
            return false;
        }
        return waiter.relation == null ? !uow.isInitialized(waiter.entity)
                : !((EntityCollection<?>) waiter.relation.get(waiter.entity)).isInitialized();
    }

    private void join(Waiter waiter, OperationGuard.Operation operation) {
        Runnable answer = null;
        boolean opens = false;
        synchronized (this) {
            RuntimeException closed = guard.closedError(operation);
            if (closed != null) {
                answer = () -> waiter.sink.error(closed);
            } else if (claim == null) {
                OperationGuard.Claim opening = new OperationGuard.Claim(operation);
                RuntimeException rejected = guard.enter(opening);
                if (rejected != null) {
                    answer = () -> waiter.sink.error(rejected);
                } else {
                    claim = opening;
                    openedAt = System.nanoTime();
                    joinedSinceTick = false;
                    scheduleTick(++opened);
                    opens = true;
                }
            }
            // the unit of work may be read here unless a query of this loader is merging rows into it
            if (answer == null && !querying && !needsQuery(waiter)) {
                answer = answer(waiter);
                if (pending.isEmpty()) {
                    releaseGuard();
                }
            } else if (answer == null) {
                if (querying && pending.isEmpty()) {
                    openedAt = System.nanoTime(); // a follow-up opens: its longest wait counts from now
                }
                pending.add(waiter);
                // the load that opens a batch has not joined it: alone, it is sent after one quiet period, not two
                joinedSinceTick |= !opens;
                waiter.sink.onCancel(() -> cancel(waiter));
            }
        }
        if (answer != null) {
            answer.run();
        }
    }

    /**
     * A load cancelled before its batch was sent leaves it; when every load of a running query is
     * cancelled, the query is cancelled too, and loads that joined meanwhile become a follow-up as when
     * a query ends. Either way, nothing left to load gives the guard back at once.
     */
    private void cancel(Waiter waiter) {
        boolean sendWaiting = false;
        synchronized (this) {
            if (!pending.remove(waiter) && sent.contains(waiter) && --wanted == 0 && querying) {
                query.dispose();
                querying = false;
                sent = List.of();
                // loads that joined while the cancelled query ran would otherwise wait for a tick that never comes
                sendWaiting = !pending.isEmpty() && followUpIsDue();
            }
            if (pending.isEmpty() && !querying && claim != null) {
                releaseGuard();
            }
        }
        if (sendWaiting) {
            send();
        }
    }

    /** The timer: sends the open batch once it has been quiet for a while (or open too long). */
    private void tick(long batch) {
        synchronized (this) {
            if (batch != opened || querying || claim == null) {
                return;
            }
            if (answering) {
                dueAfterAnswers = true;
                return;
            }
            boolean tooLong = System.nanoTime() - openedAt >= maxWaitNanos;
            if (joinedSinceTick && !tooLong) {
                joinedSinceTick = false;
                scheduleTick(batch);
                return;
            }
        }
        send();
    }

    /** The next look at the open batch: one quiet period from now, or when it has been open for the longest wait. */
    private void scheduleTick(long batch) {
        long untilMaxWait = maxWaitNanos - (System.nanoTime() - openedAt);
        timer.schedule(() -> tick(batch), Math.max(0, Math.min(quietNanos, untilMaxWait)), TimeUnit.NANOSECONDS);
    }

    /**
     * Starts the wait of a follow-up (the loads that joined while a query ran, which has just ended):
     * a quiet period from now, bounded by the longest wait from its first load. Returns true instead
     * when it is due already (a zero quiet period, or the longest wait is over): the caller sends it.
     */
    private boolean followUpIsDue() {
        if (quietNanos == 0 || System.nanoTime() - openedAt >= maxWaitNanos) {
            return true;
        }
        // only loads that join from now on extend the wait: those that came during the query cannot be sent earlier
        joinedSinceTick = false;
        scheduleTick(++opened);
        return false;
    }

    /** Sends the pending loads as one query per entity type and per relation, or releases the guard when none is left. */
    private void send() {
        List<Waiter> batch;
        // this batch's slot, taken under the lock: once it is released a cancel may end the query and a follow-up replace it
        Disposable.Swap slot;
        synchronized (this) {
            batch = pending;
            pending = new ArrayList<>();
            if (batch.isEmpty()) {
                releaseGuard();
                return;
            }
            querying = true;
            sent = batch;
            wanted = batch.size();
            query = Disposables.swap();
            slot = query;
        }
        // the ids of one type, each once (a set: a batch may hold thousands of loads); the owners of one collection, each once
        Map<EntityMetadata<?>, Set<Object>> ids = new LinkedHashMap<>();
        Map<RelationMetadata, Set<Object>> owners = new LinkedHashMap<>();
        for (Waiter waiter : batch) {
            if (!needsQuery(waiter)) {
                continue;
            }
            if (waiter.relation == null) {
                ids.computeIfAbsent(waiter.meta, m -> new LinkedHashSet<>()).add(waiter.meta.id().get(waiter.entity));
            } else {
                owners.computeIfAbsent(waiter.relation, r -> Collections.newSetFromMap(new IdentityHashMap<>())).add(waiter.entity);
            }
        }
        slot.update(em.read(connection -> Flux.fromIterable(ids.entrySet())
                        .concatMap(byType -> connection.selectIn(byType.getKey(), byType.getKey().id(), List.copyOf(byType.getValue()))
                                .doOnNext(row -> uow.merge(byType.getKey(), row, false)))
                        .thenMany(Flux.fromIterable(owners.entrySet())
                                .concatMap(byRelation -> populator.populate(connection, PopulatePlan.of(byRelation.getKey()),
                                        byRelation.getValue()))))
                .then()
                .contextWrite(batch.get(0).sink.contextView())
                .subscribe(null, error -> finish(batch, error), () -> finish(batch, null)));
    }

    /**
     * Answers a sent batch; releases the guard first unless more loads wait, which form the follow-up.
     * No batch is sent while the answers run: their continuations may still work on the unit of work
     * in memory, which the next query's rows must not be merged into meanwhile.
     */
    private void finish(List<Waiter> batch, Throwable error) {
        // answers are decided while the guard is still held: a continuation may start another operation
        List<Runnable> answers = new ArrayList<>(batch.size());
        for (Waiter waiter : batch) {
            answers.add(error != null ? () -> waiter.sink.error(error) : answer(waiter));
        }
        synchronized (this) {
            if (sent != batch) {
                return; // every load of it was cancelled, and the guard given back
            }
            querying = false;
            sent = List.of();
            answering = true;
            if (pending.isEmpty()) {
                releaseGuard();
            } else {
                dueAfterAnswers = followUpIsDue();
            }
        }
        try {
            answers.forEach(Runnable::run);
        } finally {
            boolean sendNow;
            synchronized (this) {
                answering = false;
                sendNow = dueAfterAnswers;
                dueAfterAnswers = false;
            }
            if (sendNow) {
                send();
            }
        }
    }

    /** What a load emits, decided from the unit of work now: the loaded instance (or owner), or why it cannot be. */
    private Runnable answer(Waiter waiter) {
        EntityMetadata<?> meta = waiter.meta;
        if (!uow.contains(waiter.entity)) {
            RuntimeException error = waiter.relation != null ? OrmErrors.collectionNotLoadable(waiter.relation.toString())
                    : OrmErrors.notManaged(meta.name(), meta.id().get(waiter.entity), "load");
            return () -> waiter.sink.error(error);
        }
        if (waiter.relation == null && !uow.isInitialized(waiter.entity)) {
            RuntimeException error = OrmErrors.entityNotFound(meta.name(), meta.id().get(waiter.entity));
            return () -> waiter.sink.error(error);
        }
        return () -> waiter.sink.success(waiter.entity);
    }

    /** Gives the guard back; a batch that came due while answers ran is gone with it. */
    private void releaseGuard() {
        guard.leave(claim);
        claim = null;
        dueAfterAnswers = false;
    }
}
