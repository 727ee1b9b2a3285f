package io.reactiveorm.metadata;

/** How an entity's id gets its value. */
public enum IdGeneration {
    /** The application sets the id before persisting. */
    ASSIGNED,
    /** The database generates it on insert (identity / auto-increment); read back after the insert. */
    IDENTITY,
    /** Taken from a database sequence in pooled blocks of {@code allocationSize} before the insert. */
    SEQUENCE,
    /** A time-ordered (version 7) UUID generated client-side before the insert. */
    UUID
}
