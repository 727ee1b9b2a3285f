package io.reactiveorm.spi;

import io.reactiveorm.metadata.EntityMetadata;

/**
 * Rows of one entity type to delete together.
 *
 * @param entity           the entity
 * @param ids              the id column value of each row
 * @param expectedVersions per row, the version to match, or {@code null} when not checked
 */
public record DeleteBatch(EntityMetadata<?> entity, Object[] ids, Object[] expectedVersions) {

    public int size() {
        return ids.length;
    }
}
