package io.reactiveorm.unitofwork;

import io.reactiveorm.metadata.EntityMetadata;

import java.util.List;

/**
 * What one flush writes, in execution order: inserts, then updates, then deletes, each grouped by
 * entity type and column set. Computed without I/O and without touching the unit of work, so a
 * failed flush can simply drop it.
 */
public final class FlushPlan {

    final List<ChangeSetGroup> groups;

    FlushPlan(List<ChangeSetGroup> groups) {
        this.groups = groups;
    }

    /** Whether the flush has nothing to write (then it opens no transaction). */
    public boolean isEmpty() {
        return groups.isEmpty();
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
