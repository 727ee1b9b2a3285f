package io.reactiveorm;

import io.reactiveorm.internal.OrmErrors;
import io.reactiveorm.metadata.EntityMetadata;
import org.reactivestreams.Subscription;
import reactor.core.CorePublisher;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.core.publisher.Sinks;
import reactor.util.context.Context;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Lets one reactive operation at a time use an EntityManager, from subscription to its terminal
 * signal or cancellation, on whatever threads it continues; one that starts meanwhile is rejected
 * with RO-3007 (RO-3008 for a flush inside a flush), and every use after close with RO-3009.
 *
 * <p>A cancelled operation may leave work behind that finishes on its own: a transaction or savepoint
 * that waits for its writes, then rolls back, or a commit that still updates the unit of work (see
 * {@link SettlingTransaction}). Such work reports itself ({@link #settling}, {@link #settled}); its
 * operation, when cancelled, keeps the guard until the work has settled, and an operation that starts
 * meanwhile waits for that (it is not rejected), then runs as if it had started afterwards.
 *
 * <p>Costs one compare-and-set per operation, and for work that settles on its own (a flush's
 * transaction) one more object and an uncontended lock; no thread affinity. Thread-safe.
 */
final class OperationGuard {

    private static final VarHandle HOLDER;
    private static final VarHandle SETTLE;

    static {
        try {
            HOLDER = MethodHandles.lookup().findVarHandle(OperationGuard.class, "holder", Object.class);
            SETTLE = MethodHandles.lookup().findVarHandle(Claim.class, "settle", Settle.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * {@code null} when idle, the {@link Claim} in flight (or cancelled, while its work settles), or the
     * reason it was closed (a String).
     */
    private volatile Object holder;

    /** Takes the guard for {@code usage}; returns the error to signal instead when it cannot. */
    RuntimeException enter(Claim usage) {
        Object witness = HOLDER.compareAndExchange(this, null, usage);
        return witness == null ? null : rejection(witness, usage);
    }

    /** Why {@code usage} cannot have the guard that {@code witness} holds. */
    private static RuntimeException rejection(Object witness, Claim usage) {
        Operation operation = usage.operation;
        if (witness instanceof String reason) {
            return OrmErrors.usedAfterClose(operation.describe(), reason);
        }
        Claim running = (Claim) witness;
        if (running.operation.name.equals("flush") && operation.name.equals("flush")) {
            return OrmErrors.flushInsideFlush(running.thread, running.operation.site, usage.thread, operation.site);
        }
        return OrmErrors.concurrentUse(running.operation.describe(), running.thread, running.operation.site,
                operation.describe(), usage.thread, operation.site);
    }

    /** Releases the guard if {@code usage} holds it; a no-op for any later signal. */
    void leave(Claim usage) {
        HOLDER.compareAndSet(this, usage, null);
    }

    /**
     * The operation of {@code usage} was cancelled: it leaves the guard at once, or, while work it
     * started is still settling, once that work has settled.
     */
    void cancelled(Claim usage) {
        Settle settle = (Settle) SETTLE.compareAndExchange(usage, null, Settle.NONE);
        if (settle == null || settle.cancel()) {
            leave(usage);
            if (settle != null) {
                settle.left();
            }
        }
    }

    /**
     * Called by work that finishes on its own after a cancel, as it starts inside the operation that
     * holds the guard (it runs only inside one): until {@link #settled} is called with the returned
     * token, a cancel of that operation does not release the guard. Returns {@code null} when the work
     * must not start because its operation was cancelled already (it has left the guard, or is leaving
     * it); a token without effect when the guard was closed meanwhile (the operation runs to its end,
     * and nothing may wait for it).
     */
    Settle settling() {
        Object held = holder;
        if (held instanceof String) {
            return Settle.UNTRACKED;
        }
        if (!(held instanceof Claim claim)) {
            return null;
        }
        Settle settle = claim.settle;
        if (settle == null) {
            Settle fresh = new Settle(claim);
            settle = (Settle) SETTLE.compareAndExchange(claim, null, fresh);
            if (settle == null) {
                return fresh;
            }
        }
        return settle.join() ? settle : null;
    }

    /** The work that {@link #settling} returned {@code settle} for has settled; a no-op for {@code null}. */
    void settled(Settle settle) {
        if (settle != null && settle.end()) {
            leave(settle.claim);
            settle.left();
        }
    }

    /** {@code work}, subscribed once no cancelled operation is settling on this guard (at once when none is). */
    <T> Mono<T> afterSettling(Mono<T> work) {
        return Mono.defer(() -> {
            Mono<Void> settled = Settle.awaited(holder);
            return settled == null ? work : settled.then(afterSettling(work));
        });
    }

    /** RO-3009 for {@code operation} when closed (even while a batch of loads holds the guard), else null. */
    RuntimeException closedError(Operation operation) {
        return holder instanceof String reason ? OrmErrors.usedAfterClose(operation.describe(), reason) : null;
    }

    void checkOpen(String operation) {
        if (holder instanceof String reason) {
            throw OrmErrors.usedAfterClose(operation + "()", reason);
        }
    }

    /** Closes for good; an operation in flight runs to its end, every later one is rejected. Idempotent. */
    void close(String reason) {
        Object current;
        do {
            current = holder;
            if (current instanceof String) {
                return;
            }
        } while (!HOLDER.compareAndSet(this, current, reason));
    }

    /** {@code work}, holding the guard from subscription until its value, error or cancellation. */
    <T> Mono<T> hold(Operation operation, Mono<T> work) {
        return new GuardedMono<>(this, operation, work);
    }

    /** {@code work}, holding the guard from subscription until it completes, fails or is cancelled. */
    <T> Flux<T> hold(Operation operation, Flux<T> work) {
        return new GuardedFlux<>(this, operation, work);
    }

    /** A reactive operation: what it is called, on which entity and id, and where it was called from (or null). */
    record Operation(String name, EntityMetadata<?> entity, Object id, String site) {
        String describe() {
            return name + "(" + (entity == null ? "" : entity.name() + (id == null ? "" : ", id " + id)) + ")";
        }
    }

    /** Who holds the guard: an operation, and the thread it started on (named by RO-3007). */
    static class Claim {
        final Operation operation;
        final String thread;
        /** Null until the operation starts work that settles on its own, or is cancelled ({@link Settle#NONE}). */
        private volatile Settle settle;

        Claim(Operation operation) {
            this.operation = operation;
            this.thread = Thread.currentThread().getName();
        }
    }

    /**
     * The work of one operation that settles on its own after a cancel, counted, and the operations
     * waiting for it. Only work that settles and cancels come here: guarded by itself.
     */
    static final class Settle {
        /** A claim cancelled while no work of it was settling: it left at once, and no work may start for it. */
        private static final Settle NONE = new Settle(null, true);
        /** What work started after close gets: nothing waits for it. */
        private static final Settle UNTRACKED = new Settle(null, false);

        private final Claim claim;
        private int running = 1;
        private boolean cancelled;
        /** Set once the claim has left the guard: waiting is over. */
        private boolean gone;
        private Sinks.Empty<Void> waiting;

        private Settle(Claim claim) {
            this(claim, false);
        }

        private Settle(Claim claim, boolean cancelled) {
            this.claim = claim;
            this.cancelled = cancelled;
        }

        /** One more work of the claim starts; false when the claim was cancelled, so the work must not start. */
        synchronized boolean join() {
            if (cancelled) {
                return false;
            }
            running++;
            return true;
        }

        /** The claim's operation was cancelled; true when no work is left to settle, so it leaves now. */
        synchronized boolean cancel() {
            if (cancelled) {
                return false;
            }
            cancelled = true;
            return running == 0;
        }

        /** One work has settled; true when it was the last one of a cancelled claim, so it leaves now. */
        boolean end() {
            if (this == UNTRACKED) {
                return false;
            }
            synchronized (this) {
                return --running == 0 && cancelled;
            }
        }

        /** The claim has left the guard: wakes whoever waited. */
        void left() {
            Sinks.Empty<Void> woken;
            synchronized (this) {
                gone = true;
                woken = waiting;
            }
            if (woken != null) {
                woken.tryEmitEmpty();
            }
        }

        /**
         * When {@code holder} (what holds the guard) is a claim that was cancelled and whose work is
         * settling: completes once it has left the guard. Null when the guard is idle or closed, or the
         * claim was not cancelled (it runs: a concurrent use) or had nothing to settle.
         */
        static Mono<Void> awaited(Object holder) {
            if (!(holder instanceof Claim claim)) {
                return null;
            }
            Settle settle = claim.settle;
            if (settle == null || settle == NONE) {
                return null;
            }
            synchronized (settle) {
                if (!settle.cancelled) {
                    return null;
                }
                if (settle.gone) {
                    return Mono.empty();
                }
                if (settle.waiting == null) {
                    settle.waiting = Sinks.empty();
                }
                return settle.waiting.asMono();
            }
        }
    }

    private static final class GuardedMono<T> extends Mono<T> {
        private final OperationGuard guard;
        private final Operation operation;
        private final Mono<T> source;

        GuardedMono(OperationGuard guard, Operation operation, Mono<T> source) {
            this.guard = guard;
            this.operation = operation;
            this.source = source;
        }

        @Override
        public void subscribe(CoreSubscriber<? super T> actual) {
            Mono<Void> settling = Usage.subscribe(guard, operation, source, actual, true);
            if (settling != null) {
                settling.then(this).subscribe(actual);
            }
        }
    }

    private static final class GuardedFlux<T> extends Flux<T> {
        private final OperationGuard guard;
        private final Operation operation;
        private final Flux<T> source;

        GuardedFlux(OperationGuard guard, Operation operation, Flux<T> source) {
            this.guard = guard;
            this.operation = operation;
            this.source = source;
        }

        @Override
        public void subscribe(CoreSubscriber<? super T> actual) {
            Mono<Void> settling = Usage.subscribe(guard, operation, source, actual, false);
            if (settling != null) {
                settling.thenMany(this).subscribe(actual);
            }
        }
    }

    /**
     * One subscription of an operation, holding the guard: released before the first signal that ends
     * the operation goes on (a Mono's value, completion, error), so that the next operation may start
     * from inside that signal, and on cancellation (once the work it leaves behind has settled). One
     * object per operation; passes the Context through.
     */
    private static final class Usage<T> extends Claim implements CoreSubscriber<T>, Subscription {
        private final OperationGuard guard;
        private final CoreSubscriber<? super T> actual;
        private final boolean single;
        private Subscription upstream;

        private Usage(OperationGuard guard, Operation operation, CoreSubscriber<? super T> actual, boolean single) {
            super(operation);
            this.guard = guard;
            this.actual = actual;
            this.single = single;
        }

        /**
         * Subscribes {@code source} holding the guard, or signals why it cannot; returns, instead, when
         * to subscribe again if a cancelled operation holds the guard until its work has settled.
         */
        static <T> Mono<Void> subscribe(OperationGuard guard, Operation operation, CorePublisher<T> source,
                                        CoreSubscriber<? super T> actual, boolean single) {
            Usage<T> usage = new Usage<>(guard, operation, actual, single);
            Object witness = HOLDER.compareAndExchange(guard, null, usage);
            if (witness == null) {
                source.subscribe(usage);
                return null;
            }
            Mono<Void> settled = Settle.awaited(witness);
            if (settled == null) {
                Operators.error(actual, rejection(witness, usage));
            }
            return settled;
        }

        @Override
        public void onSubscribe(Subscription s) {
            upstream = s;
            actual.onSubscribe(this);
        }

        @Override
        public void onNext(T value) {
            if (single) {
                guard.leave(this);
            }
            actual.onNext(value);
        }

        @Override
        public void onError(Throwable error) {
            guard.leave(this);
            actual.onError(error);
        }

        @Override
        public void onComplete() {
            guard.leave(this);
            actual.onComplete();
        }

        @Override
        public void request(long n) {
            upstream.request(n);
        }

        @Override
        public void cancel() {
            guard.cancelled(this);
            upstream.cancel();
        }

        @Override
        public Context currentContext() {
            return actual.currentContext();
        }
    }
}
