package io.reactiveorm.unitofwork;

import io.reactiveorm.metadata.EntityMetadata;

/**
 * The unit of work's record of one managed instance: its state and the Java values it had when it
 * was last read or written (its snapshot, aligned with the metadata's properties).
 */
final class EntityEntry {

    final EntityMetadata<?> meta;
    final Object entity;
    EntityState state;
    /** Last known database values; for an uninitialized reference only the id is meaningful. */
    Object[] snapshot;
    boolean initialized;
    /** The id under which the entry sits in the identity map, or null while it has none. */
    Object id;
    /** While REMOVED through a one-to-many's cascade: the owner whose removal did it (re-persisting it revives this one). */
    EntityEntry removedWith;

    EntityEntry(EntityMetadata<?> meta, Object entity, EntityState state) {
        this.meta = meta;
        this.entity = entity;
        this.state = state;
    }
}
