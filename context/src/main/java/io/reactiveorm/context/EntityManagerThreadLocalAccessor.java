package io.reactiveorm.context;

import io.micrometer.context.ThreadLocalAccessor;
import io.reactiveorm.EntityManager;
import io.reactiveorm.Orm;

/**
 * Micrometer context-propagation's bridge from the Reactor Context to a ThreadLocal: wherever
 * context-propagation restores ThreadLocals from a Context (every operator once
 * {@code Hooks.enableAutomaticContextPropagation()} is on, or a
 * {@code ContextSnapshotFactory...setThreadLocalsFrom(contextView, RequestContext.CONTEXT_KEY)} scope),
 * code that only knows ThreadLocals (an MDC-based logger, a blocking library called on
 * {@code boundedElastic}) finds the fork of its request with {@link #current(Orm)}.
 *
 * <p>Registers itself through {@code ServiceLoader} ({@code ContextRegistry.getInstance()}) when
 * context-propagation is on the class path; an optional dependency of this module.
 *
 * <p>The EntityManager found this way is the request's own and still runs one operation at a time:
 * a blocking bridge that calls it while the request has another operation in flight gets RO-3007.
 *
 * <p>Thread-safety: thread-safe; the value is per thread.
 */
public final class EntityManagerThreadLocalAccessor implements ThreadLocalAccessor<Object> {

    private static final ThreadLocal<Object> BINDING = new ThreadLocal<>();

    /** For ServiceLoader and for explicit registration with {@code ContextRegistry}. */
    public EntityManagerThreadLocalAccessor() {
    }

    /**
     * The EntityManager that context-propagation copied to this thread for {@code orm}.
     *
     * @throws io.reactiveorm.OrmException RO-5003 when none is there, saying how to propagate it
     */
    public static EntityManager current(Orm orm) {
        EntityManager bound = Binding.findIn(BINDING.get(), orm);
        if (bound == null) {
            throw ContextErrors.noForkOnThread(Thread.currentThread().getName());
        }
        return bound;
    }

    /** {@link RequestContext#CONTEXT_KEY}. */
    @Override
    public Object key() {
        return RequestContext.CONTEXT_KEY;
    }

    @Override
    public Object getValue() {
        return BINDING.get();
    }

    @Override
    public void setValue(Object value) {
        BINDING.set(value);
    }

    @Override
    public void setValue() {
        BINDING.remove();
    }
}
