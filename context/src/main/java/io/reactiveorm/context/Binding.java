package io.reactiveorm.context;

import io.reactiveorm.EntityManager;
import io.reactiveorm.Orm;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * The EntityManagers bound in one Reactor Context, at most one per {@link Orm}, innermost first: the
 * value under {@link RequestContext#CONTEXT_KEY}. Immutable, so it can travel with a Context and be
 * copied to ThreadLocals.
 */
final class Binding {

    private final Orm orm;
    private final EntityManager entityManager;
    private final Binding next;

    private Binding(Orm orm, EntityManager entityManager, Binding next) {
        this.orm = orm;
        this.entityManager = entityManager;
        this.next = next;
    }

    /** {@code context} with {@code entityManager} bound for {@code orm}, replacing what was bound for it. */
    static Context bind(Context context, Orm orm, EntityManager entityManager) {
        Binding current = context.getOrDefault(RequestContext.CONTEXT_KEY, null);
        return context.put(RequestContext.CONTEXT_KEY, new Binding(orm, entityManager, without(current, orm)));
    }

    /** The EntityManager bound for {@code orm} in {@code context}, or {@code null}. */
    static EntityManager find(ContextView context, Orm orm) {
        return findIn(context.getOrDefault(RequestContext.CONTEXT_KEY, null), orm);
    }

    /** The EntityManager bound for {@code orm} in {@code binding} (a value from a Context or a ThreadLocal), or {@code null}. */
    static EntityManager findIn(Object binding, Orm orm) {
        for (Binding b = binding instanceof Binding first ? first : null; b != null; b = b.next) {
            if (b.orm == orm) {
                return b.entityManager;
            }
        }
        return null;
    }

    /** Whether {@code context} has any EntityManager bound: after {@link #find} failed, of other Orms only. */
    static boolean anyBound(ContextView context) {
        return context.hasKey(RequestContext.CONTEXT_KEY);
    }

    private static Binding without(Binding binding, Orm orm) {
        if (binding == null) {
            return null;
        }
        Binding rest = without(binding.next, orm);
        if (binding.orm == orm) {
            return rest;
        }
        return rest == binding.next ? binding : new Binding(binding.orm, binding.entityManager, rest);
    }
}
