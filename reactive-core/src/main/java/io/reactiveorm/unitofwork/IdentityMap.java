package io.reactiveorm.unitofwork;

import io.reactiveorm.metadata.EntityMetadata;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One instance per (entity type, id) within a unit of work. Not thread-safe. */
final class IdentityMap {

    private final Map<EntityMetadata<?>, Map<Object, EntityEntry>> byType = new HashMap<>();

    EntityEntry get(EntityMetadata<?> meta, Object id) {
        Map<Object, EntityEntry> entries = byType.get(meta);
        return entries == null ? null : entries.get(id);
    }

    void put(EntityEntry entry) {
        byType.computeIfAbsent(entry.meta, m -> new HashMap<>()).put(entry.id, entry);
    }

    void remove(EntityEntry entry) {
        Map<Object, EntityEntry> entries = byType.get(entry.meta);
        if (entries != null) {
            entries.remove(entry.id, entry);
        }
    }

    Collection<EntityEntry> entriesOf(EntityMetadata<?> meta) {
        Map<Object, EntityEntry> entries = byType.get(meta);
        return entries == null ? List.of() : entries.values();
    }

    Collection<Map<Object, EntityEntry>> all() {
        return byType.values();
    }

    boolean isEmpty() {
        for (Map<Object, EntityEntry> entries : byType.values()) {
            if (!entries.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    void clear() {
        byType.clear();
    }
}
