package io.reactiveorm.unitofwork;

import io.reactiveorm.internal.OrmErrors;
import io.reactiveorm.metadata.EntityMetadata;
import io.reactiveorm.metadata.PropertyMetadata;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Step 1 of a flush: persists new entities reachable through to-one relations marked cascade PERSIST,
 * and fails with RO-3010 when a relation without cascade points to a new entity nobody persisted.
 * Entities of types without relations are skipped at the cost of one array-length check.
 */
final class RelationCascader {

    private RelationCascader() {
    }

    static void cascade(UnitOfWork uow) {
        // index loop: persisting appends to newEntries, and the appended ones are walked too
        for (int i = 0; i < uow.newEntries.size(); i++) {
            EntityEntry entry = uow.newEntries.get(i);
            if (entry.state == EntityState.NEW) {
                visit(uow, entry);
            }
        }
        List<EntityEntry> managed = null;
        for (Map<Object, EntityEntry> entries : uow.identityMap.all()) {
            for (EntityEntry entry : entries.values()) {
                if (entry.meta.toOnes().length == 0) {
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
                visit(uow, entry);
            }
            for (int i = before; i < uow.newEntries.size(); i++) {
                visit(uow, uow.newEntries.get(i));
            }
        }
    }

    private static void visit(UnitOfWork uow, EntityEntry entry) {
        for (PropertyMetadata toOne : entry.meta.toOnes()) {
            Object target = toOne.get(entry.entity);
            if (target == null) {
                continue;
            }
            EntityEntry targetEntry = uow.entries.get(target);
            if (targetEntry != null && targetEntry.state != EntityState.REMOVED) {
                continue;
            }
            EntityMetadata<?> targetMeta = toOne.target();
            if (targetEntry == null && toOne.cascadesPersist()) {
                uow.persist(targetMeta, target);
            } else if (targetEntry == null) {
                throw OrmErrors.unpersistedRelation(entry.meta.name(), entry.id, toOne.name(), targetMeta.name());
            }
        }
    }
}
