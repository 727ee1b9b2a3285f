package io.reactiveorm.unitofwork;

import io.reactiveorm.metadata.EntityMetadata;
import io.reactiveorm.metadata.PropertyMetadata;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Orders entity types for a flush from their to-one relations: parents (the targets) before children,
 * so inserts run in this order and deletes in reverse. Self-references are ignored here (the persister
 * breaks them through the nullable foreign key); a cycle between types is broken at a nullable edge
 * first, else at the first remaining type in the given order. Pure and deterministic: the same input
 * order gives the same output.
 *
 * <p>Thread-safety: stateless.
 */
public final class CommitOrderCalculator {

    private CommitOrderCalculator() {
    }

    /**
     * The given types, parents first.
     *
     * @param types the entity types to order, in a stable order (e.g. registration order)
     * @return a new list holding every given type once
     */
    public static List<EntityMetadata<?>> insertOrder(Collection<? extends EntityMetadata<?>> types) {
        Set<EntityMetadata<?>> remaining = new LinkedHashSet<>(types);
        List<EntityMetadata<?>> ordered = new ArrayList<>(remaining.size());
        while (!remaining.isEmpty()) {
            EntityMetadata<?> next = firstWithoutPendingParent(remaining, false);
            if (next == null) {
                // cycle: prefer a type whose pending parents are all reached through nullable keys
                next = firstWithoutPendingParent(remaining, true);
            }
            if (next == null) {
                next = remaining.iterator().next();
            }
            remaining.remove(next);
            ordered.add(next);
        }
        return ordered;
    }

    private static EntityMetadata<?> firstWithoutPendingParent(Set<EntityMetadata<?>> remaining, boolean ignoreNullable) {
        for (EntityMetadata<?> candidate : remaining) {
            boolean ready = true;
            for (PropertyMetadata toOne : candidate.toOnes()) {
                EntityMetadata<?> parent = toOne.target();
                if (parent != candidate && remaining.contains(parent) && !(ignoreNullable && toOne.nullable())) {
                    ready = false;
                    break;
                }
            }
            if (ready) {
                return candidate;
            }
        }
        return null;
    }
}
