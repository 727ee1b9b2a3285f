package io.reactiveorm.unitofwork;

import io.reactiveorm.EntityCollection;
import io.reactiveorm.internal.CollectionInternals;
import io.reactiveorm.internal.OrmErrors;
import io.reactiveorm.metadata.EntityMetadata;
import io.reactiveorm.metadata.IdGeneration;
import io.reactiveorm.metadata.PropertyMetadata;
import io.reactiveorm.metadata.RelationMetadata;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Step 1 of a flush: persists new entities reachable through relations (to-ones, collection elements,
 * inverse one-to-ones) marked cascade PERSIST, fails with RO-3010 when a relation without cascade
 * points to a new entity nobody persisted (checked after every cascade ran, so the order of the persist
 * calls does not matter), with RO-3014 when one points to an instance that has a generated id but is not
 * managed here, and removes the orphans of collections marked
 * {@code orphanRemoval} (elements dropped from a loaded collection and not moved to another owner).
 * Entities of types without relations are skipped at the cost of two array-length checks.
 *
 * <p>Before a query (auto-flush) it runs without removing orphans: a query must not delete an element
 * that is about to be added to another owner; it only tells whether an orphan of the queried type is
 * pending.
 */
final class RelationCascader {

    private RelationCascader() {
    }

    /** Before a flush: cascades PERSIST and removes orphans. */
    static void cascade(UnitOfWork uow) {
        walk(uow, true, Set.of());
    }

    /** Before a query: cascades PERSIST only; returns whether an orphan of a {@code queried} type is pending. */
    static boolean cascadeForQuery(UnitOfWork uow, Set<EntityMetadata<?>> queried) {
        return walk(uow, false, queried);
    }

    private static boolean walk(UnitOfWork uow, boolean removeOrphans, Set<EntityMetadata<?>> queried) {
        List<Unpersisted> unpersisted = new ArrayList<>();
        boolean orphans = walk(uow, removeOrphans, queried, unpersisted);
        // checked once every cascade has run: a target persisted by a cascade met later is fine
        for (Unpersisted reached : unpersisted) {
            if (uow.entryOf(reached.target) == null) {
                throw OrmErrors.unpersistedRelation(reached.from.meta.name(), reached.from.id, reached.property, reached.targetMeta.name());
            }
        }
        return orphans;
    }

    /** A new instance reached through a relation without cascade PERSIST, and where from. */
    private record Unpersisted(EntityEntry from, String property, Object target, EntityMetadata<?> targetMeta) {
    }

    private static boolean walk(UnitOfWork uow, boolean removeOrphans, Set<EntityMetadata<?>> queried, List<Unpersisted> unpersisted) {
        boolean orphans = false;
        // index loop: persisting appends to newEntries, and the appended ones are walked too
        for (int i = 0; i < uow.newEntries.size(); i++) {
            EntityEntry entry = uow.newEntries.get(i);
            if (entry.state == EntityState.NEW) {
                orphans |= visit(uow, entry, removeOrphans, queried, unpersisted);
            }
        }
        List<EntityEntry> managed = null;
        for (Map<Object, EntityEntry> entries : uow.identityMap.all()) {
            for (EntityEntry entry : entries.values()) {
                if (entry.meta.toOnes().length == 0 && entry.meta.relations().length == 0) {
                    break;
                }
                if (entry.state == EntityState.MANAGED && entry.initialized) {
                    if (managed == null) {
                        managed = new ArrayList<>();
                    }
                    managed.add(entry);
                }
            }
        }
        if (managed != null) {
            int before = uow.newEntries.size();
            for (EntityEntry entry : managed) {
                orphans |= visit(uow, entry, removeOrphans, queried, unpersisted);
            }
            for (int i = before; i < uow.newEntries.size(); i++) {
                EntityEntry entry = uow.newEntries.get(i);
                if (entry.state == EntityState.NEW) {
                    orphans |= visit(uow, entry, removeOrphans, queried, unpersisted);
                }
            }
        }
        // an element taken out of a collection before its owner was removed is an orphan of the removed
        // owner (the owner's cascade only reaches what the collection still holds)
        for (EntityEntry entry : List.copyOf(uow.removedEntries)) {
            if (entry.state != EntityState.REMOVED) {
                continue;
            }
            for (RelationMetadata relation : entry.meta.relations()) {
                if (relation.get(entry.entity) instanceof EntityCollection<?> collection && collection.isInitialized()) {
                    orphans |= orphans(uow, entry, relation, collection, removeOrphans, queried);
                }
            }
        }
        return orphans;
    }

    /** Visits one entry's relations; returns whether it has an orphan of {@code queried} left in place. */
    private static boolean visit(UnitOfWork uow, EntityEntry entry, boolean removeOrphans, Set<EntityMetadata<?>> queried,
                                 List<Unpersisted> unpersisted) {
        boolean orphans = false;
        for (PropertyMetadata toOne : entry.meta.toOnes()) {
            reach(uow, entry, toOne.get(entry.entity), toOne.name(), toOne.target(), toOne.cascadesPersist(), unpersisted);
        }
        for (RelationMetadata relation : entry.meta.relations()) {
            Object value = relation.get(entry.entity);
            if (!(value instanceof EntityCollection<?> collection)) {
                reach(uow, entry, value, relation.name(), relation.target(), relation.cascadesPersist(), unpersisted);
                continue;
            }
            if (!collection.isInitialized()) {
                continue;
            }
            List<?> elements = CollectionInternals.elementsOf(collection);
            for (int i = 0; i < elements.size(); i++) {
                reach(uow, entry, elements.get(i), relation.name(), relation.target(), relation.cascadesPersist(), unpersisted);
            }
            if (entry.state == EntityState.MANAGED) {
                orphans |= orphans(uow, entry, relation, collection, removeOrphans, queried);
            }
        }
        return orphans;
    }

    /**
     * A related instance this unit of work does not manage: persisted when the relation cascades, else
     * noted for RO-3010. One with a generated id already set is not new (it was read or written through
     * another EntityManager, or forgotten by this one): RO-3014, never an INSERT of a row that exists.
     */
    private static void reach(UnitOfWork uow, EntityEntry entry, Object target, String property, EntityMetadata<?> targetMeta,
                              boolean cascadePersist, List<Unpersisted> unpersisted) {
        if (target == null || uow.entryOf(target) != null) {
            return;
        }
        if (targetMeta.idGeneration() != IdGeneration.ASSIGNED) {
            Object id = targetMeta.id().get(target);
            if (id != null) {
                throw OrmErrors.unmanagedRelationTarget(entry.meta.name(), entry.id, property, targetMeta.name(), id);
            }
        }
        if (!cascadePersist) {
            unpersisted.add(new Unpersisted(entry, property, target, targetMeta));
            return;
        }
        uow.persist(targetMeta, target);
    }

    /**
     * Of a relation with orphan removal: elements of the loaded snapshot no longer in the collection and
     * not moved to another owner, removed when {@code remove} is set, else only reported (and only when
     * their type is {@code queried}).
     */
    private static boolean orphans(UnitOfWork uow, EntityEntry entry, RelationMetadata relation, EntityCollection<?> collection,
                                   boolean remove, Set<EntityMetadata<?>> queried) {
        if (!relation.orphanRemoval() || !remove && !queried.contains(relation.target())) {
            return false;
        }
        Object[] snapshot = CollectionInternals.snapshotOf(collection);
        if (snapshot.length == 0) {
            return false;
        }
        Set<Object> current = Collections.newSetFromMap(new IdentityHashMap<>());
        current.addAll(CollectionInternals.elementsOf(collection));
        PropertyMetadata backReference = relation.inverseToOne();
        for (Object element : snapshot) {
            if (current.contains(element)) {
                continue;
            }
            EntityEntry elementEntry = uow.entryOf(element);
            Object owner = backReference == null ? null : backReference.get(element);
            if (elementEntry != null && elementEntry.state == EntityState.MANAGED && (owner == null || owner == entry.entity)) {
                if (!remove) {
                    return true;
                }
                uow.remove(relation.target(), element);
            }
        }
        return false;
    }
}
