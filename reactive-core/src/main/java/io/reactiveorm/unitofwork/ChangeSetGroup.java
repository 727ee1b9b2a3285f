package io.reactiveorm.unitofwork;

import io.reactiveorm.metadata.EntityMetadata;
import io.reactiveorm.metadata.PropertyMetadata;

import java.util.ArrayList;
import java.util.List;

/**
 * Change sets of one entity type, one operation and one column set: what the persister sends as
 * batches of {@code batchSize} rows, each batch one statement.
 */
final class ChangeSetGroup {

    final EntityMetadata<?> meta;
    final ChangeSet.Kind kind;
    /** Insert: inserted columns; update: set columns (version last); delete: unused. */
    final PropertyMetadata[] columns;
    /** Insert: the database generates the id. Delete: the version is checked. */
    final boolean flag;
    final List<ChangeSet> changeSets = new ArrayList<>();

    ChangeSetGroup(EntityMetadata<?> meta, ChangeSet.Kind kind, PropertyMetadata[] columns, boolean flag) {
        this.meta = meta;
        this.kind = kind;
        this.columns = columns;
        this.flag = flag;
    }

    /**
     * Whether the group runs before the flush's inserts and updates: the deletes of an entity no foreign
     * key references. They can run at any point, and running them first frees their unique values (a
     * replaced one-to-one owner, a unique column or an assigned id given to a new row) for the rows
     * inserted or updated after them.
     */
    boolean runsFirst() {
        return kind == ChangeSet.Kind.DELETE && !meta.isReferenced();
    }
}
