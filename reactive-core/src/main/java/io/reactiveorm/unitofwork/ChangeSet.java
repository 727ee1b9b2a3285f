package io.reactiveorm.unitofwork;

/**
 * One planned write of one instance. The values are the Java values the flush writes, captured
 * when the plan was made; the generated id and new version are filled in by the persister and only
 * reach the instance when the whole flush succeeded.
 */
final class ChangeSet {

    enum Kind { INSERT, UPDATE, DELETE }

    final EntityEntry entry;
    final Kind kind;
    /** Full row of Java values (insert, update); null for delete. */
    final Object[] values;
    Object generatedId;
    Object newVersion;
    /**
     * An insert whose row is in a statement already sent, or earlier in the statement being built: a
     * foreign key may point at it (databases that check each row as it goes in, H2 and MariaDB, refuse
     * a key to a row later in the same statement).
     */
    boolean placed;

    ChangeSet(EntityEntry entry, Kind kind, Object[] values) {
        this.entry = entry;
        this.kind = kind;
        this.values = values;
    }

    /** The id to write: the instance's own, or the one generated for this flush. */
    Object id() {
        return generatedId != null ? generatedId : values != null ? values[entry.meta.id().index()] : entry.id;
    }
}
