package io.reactiveorm;

import io.reactiveorm.internal.OrmErrors;
import io.reactiveorm.metadata.EntityMetadata;
import org.reactivestreams.Subscription;
import reactor.core.CorePublisher;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Lets one reactive operation at a time use an EntityManager, from subscription to its terminal
 * signal or cancellation, on whatever threads it continues; one that starts meanwhile is rejected
 * with RO-3007 (RO-3008 for a flush inside a flush), and every use after close with RO-3009.
 * Costs one compare-and-set per operation; no locks, no thread affinity. Thread-safe.
 */
final class OperationGuard {

    private static final VarHandle HOLDER;

    static {
        try {
            HOLDER = MethodHandles.lookup().findVarHandle(OperationGuard.class, "holder", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** {@code null} when idle, the {@link Claim} in flight, or the reason it was closed (a String). */
    private volatile Object holder;

    /** Takes the guard for {@code usage}; returns the error to signal instead when it cannot. */
    RuntimeException enter(Claim usage) {
        Object witness = HOLDER.compareAndExchange(this, null, usage);
        if (witness == null) {
            return null;
        }
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

        Claim(Operation operation) {
            this.operation = operation;
            this.thread = Thread.currentThread().getName();
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
            Usage.subscribe(guard, operation, source, actual, true);
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
            Usage.subscribe(guard, operation, source, actual, false);
        }
    }

    /**
     * One subscription of an operation, holding the guard: released before the first signal that ends
     * the operation goes on (a Mono's value, completion, error) and on cancellation, so that the next
     * operation may start from inside that signal. One object per operation; passes the Context through.
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

        static <T> void subscribe(OperationGuard guard, Operation operation, CorePublisher<T> source,
                                  CoreSubscriber<? super T> actual, boolean single) {
            Usage<T> usage = new Usage<>(guard, operation, actual, single);
            RuntimeException rejected = guard.enter(usage);
            if (rejected != null) {
                Operators.error(actual, rejected);
                return;
            }
            source.subscribe(usage);
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
            guard.leave(this);
            upstream.cancel();
        }

        @Override
        public Context currentContext() {
            return actual.currentContext();
        }
    }
}
