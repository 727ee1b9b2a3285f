package io.reactiveorm.spi;

import io.reactiveorm.metadata.JoinTableMetadata;

/**
 * Join-table rows of one many-to-many to insert or delete together: row {@code i} links
 * {@code ownerIds[i]} (in the join table's owner column) to {@code targetIds[i]}.
 *
 * @param joinTable the join table, seen from the owning side
 * @param ownerIds  the owner id column value of each row
 * @param targetIds the target id column value of each row
 */
public record LinkBatch(JoinTableMetadata joinTable, Object[] ownerIds, Object[] targetIds) {

    public int size() {
        return ownerIds.length;
    }
}
