package io.reactiveorm.unitofwork;

import io.reactiveorm.metadata.EntityMetadata;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

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
    private EntityEntry removedWith;
    /**
     * The entries whose {@link #removedWith} is this one, in the order its removal took them, so that
     * re-persisting this one finds them without a search of every removed entry; null until there is one.
     */
    private Set<EntityEntry> removedAlong;

    EntityEntry(EntityMetadata<?> meta, Object entity, EntityState state) {
        this.meta = meta;
        this.entity = entity;
        this.state = state;
    }

    /** Sets (or, with null, clears) the owner whose removal took this one, keeping the owner's {@link #removedAlong} in step. */
    void removedWith(EntityEntry owner) {
        if (removedWith == owner) {
            return;
        }
        if (removedWith != null) {
            removedWith.removedAlong.remove(this);
        }
        removedWith = owner;
        if (owner != null) {
            if (owner.removedAlong == null) {
                owner.removedAlong = new LinkedHashSet<>();
            }
            owner.removedAlong.add(this);
        }
    }

    /** The entries whose {@link #removedWith} is this one, oldest first (whatever their state now). */
    List<EntityEntry> removedAlong() {
        return removedAlong == null ? List.of() : List.copyOf(removedAlong);
    }
}
