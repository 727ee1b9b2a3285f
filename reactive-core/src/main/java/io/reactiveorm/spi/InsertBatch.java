package io.reactiveorm.spi;

import io.reactiveorm.metadata.EntityMetadata;
import io.reactiveorm.metadata.PropertyMetadata;

import java.util.List;

/**
 * Rows of one entity type with one column set, to insert together.
 *
 * @param entity              the entity
 * @param columns             the inserted columns, in binding order
 * @param rows                column values aligned with {@code columns}; not modified by drivers
 * @param returnsGeneratedIds whether the database generates the ids and the driver must return them
 */
public record InsertBatch(EntityMetadata<?> entity, PropertyMetadata[] columns, List<Object[]> rows,
                          boolean returnsGeneratedIds) {
}
