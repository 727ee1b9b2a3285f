package io.reactiveorm.spi;

import io.reactiveorm.metadata.EntityMetadata;
import io.reactiveorm.metadata.PropertyMetadata;

/**
 * Rows of one entity type with the same changed columns, to update together. When the entity is
 * versioned, {@code expectedVersions} holds the versions the rows must still have, and the version
 * column is among {@code columns} (with the new version), except when the update only sets foreign
 * keys of rows deleted later in the same flush to NULL (the DELETE checks the same version again).
 *
 * @param entity           the entity
 * @param columns          the columns set, in binding order
 * @param ids              the id column value of each row
 * @param values           per row, the new column values aligned with {@code columns}
 * @param expectedVersions per row, the version to match, or {@code null} when the entity is not versioned
 */
public record UpdateBatch(EntityMetadata<?> entity, PropertyMetadata[] columns, Object[] ids, Object[][] values,
                          Object[] expectedVersions) {

    public int size() {
        return ids.length;
    }
}
