package io.reactiveorm.unitofwork;

import io.reactiveorm.metadata.EntityMetadata;

import java.util.List;
import java.util.Map;

/**
 * What one flush writes, in execution order: the deletes of entities no foreign key references, then
 * inserts, then updates, then the other deletes, each grouped by entity type and column set; foreign
 * keys cut to break cycles among the deletes are kept apart from the groups, since they change nothing
 * the unit of work keeps. Computed without I/O and without touching the unit of work, so a failed flush
 * can simply drop it.
 */
public final class FlushPlan {

    final List<ChangeSetGroup> groups;
    /** Insert change sets by entity instance, to resolve foreign keys to new parents; {@code null} without relations. */
    final Map<Object, ChangeSet> insertedEntities;
    /** Join rows to delete, purge and insert; {@code null} when no many-to-many changed. */
    final LinkChangeComputer links;
    /** Updates setting foreign keys of rows about to be deleted to NULL, run right before the deletes; often empty. */
    final List<ChangeSetGroup> cuts;

    FlushPlan(List<ChangeSetGroup> groups, Map<Object, ChangeSet> insertedEntities, LinkChangeComputer links,
              List<ChangeSetGroup> cuts) {
        this.groups = groups;
        this.insertedEntities = insertedEntities;
        this.links = links;
        this.cuts = cuts;
    }

    /** Whether the flush has nothing to write (then it opens no transaction). */
    public boolean isEmpty() {
        return groups.isEmpty() && links == null;
    }

    /** The id an entry has after this flush's inserts: its own, or the one generated for it. */
    Object idOf(EntityEntry entry) {
        if (entry.id != null) {
            return entry.id;
        }
        return insertedEntities.get(entry.entity).id();
    }

    /** Whether any change set of the plan writes the given entity type. */
    public boolean touches(EntityMetadata<?> meta) {
        for (ChangeSetGroup group : groups) {
            if (group.meta == meta) {
                return true;
            }
        }
        return false;
    }
}
