package io.reactiveorm.unitofwork;

import io.reactiveorm.EntityCollection;
import io.reactiveorm.internal.CollectionInternals;
import io.reactiveorm.metadata.EntityMetadata;
import io.reactiveorm.metadata.JoinTableMetadata;
import io.reactiveorm.metadata.RelationMetadata;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Diffs the owning many-to-many collections of the unit of work against their snapshots: elements
 * added become join rows to insert, elements removed join rows to delete. Removed entities get their
 * join rows purged by id. Pure: reads the unit of work, changes nothing.
 */
final class LinkChangeComputer {

    final Map<RelationMetadata, LinkGroup> inserts = new LinkedHashMap<>();
    final Map<RelationMetadata, LinkGroup> deletes = new LinkedHashMap<>();
    final Map<JoinTableMetadata, LinkPurge> purges = new LinkedHashMap<>();
    private final UnitOfWork uow;

    LinkChangeComputer(UnitOfWork uow) {
        this.uow = uow;
    }

    /** Adds the join-row changes of one new or managed, initialised entry. */
    void diff(EntityEntry owner) {
        for (RelationMetadata relation : owner.meta.relations()) {
            if (!relation.isOwningManyToMany()) {
                continue;
            }
            EntityCollection<?> collection = (EntityCollection<?>) relation.get(owner.entity);
            if (collection == null || !collection.isInitialized()) {
                continue;
            }
            List<?> elements = CollectionInternals.elementsOf(collection);
            Object[] snapshot = CollectionInternals.snapshotOf(collection);
            if (snapshot.length == 0 && elements.isEmpty()) {
                continue;
            }
            Set<Object> before = identitySet(List.of(snapshot));
            for (Object element : elements) {
                EntityEntry target = uow.entryOf(element);
                if (!before.remove(element) && target != null && target.state != EntityState.REMOVED) {
                    inserts.computeIfAbsent(relation, LinkGroup::new).add(owner, target);
                }
            }
            for (Object gone : before) {
                EntityEntry target = uow.entryOf(gone);
                // a removed or forgotten target loses its join rows through its purge or never had one
                if (owner.state == EntityState.MANAGED && target != null && target.state == EntityState.MANAGED) {
                    deletes.computeIfAbsent(relation, LinkGroup::new).add(owner, target);
                }
            }
        }
    }

    /** Adds the join-row purge of a removed entry. */
    void purge(EntityEntry removed) {
        for (JoinTableMetadata joinTable : removed.meta.joinTables()) {
            purges.computeIfAbsent(joinTable, LinkPurge::new).removed.add(removed);
        }
    }

    /** Whether join rows are to be inserted or deleted for a relation whose target is one of {@code targets}. */
    boolean writesLinksTo(Set<EntityMetadata<?>> targets) {
        for (Map<RelationMetadata, LinkGroup> groups : List.of(inserts, deletes)) {
            for (RelationMetadata relation : groups.keySet()) {
                if (targets.contains(relation.target())) {
                    return true;
                }
            }
        }
        return false;
    }

    boolean isEmpty() {
        return inserts.isEmpty() && deletes.isEmpty() && purges.isEmpty();
    }

    private static Set<Object> identitySet(List<Object> elements) {
        Set<Object> set = Collections.newSetFromMap(new IdentityHashMap<>());
        set.addAll(elements);
        return set;
    }
}
