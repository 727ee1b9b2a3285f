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
}
