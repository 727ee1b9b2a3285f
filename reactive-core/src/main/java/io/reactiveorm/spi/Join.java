package io.reactiveorm.spi;

import io.reactiveorm.metadata.EntityMetadata;
import io.reactiveorm.metadata.PropertyMetadata;
import io.reactiveorm.metadata.RelationMetadata;

/**
 * One LEFT JOIN of a joined populate ({@link DriverConnection#selectJoined}): the relation followed from
 * an entity earlier in the row, either an owning to-one or a relation without a column.
 *
 * @param from     the entity it starts from: 0 for the root, {@code i + 1} for the target of join {@code i}
 * @param toOne    the to-one followed, or {@code null}
 * @param relation the relation without a column followed, or {@code null}
 */
public record Join(int from, PropertyMetadata toOne, RelationMetadata relation) {

    /** The entity the join reaches. */
    public EntityMetadata<?> target() {
        return toOne != null ? toOne.target() : relation.target();
    }
}
