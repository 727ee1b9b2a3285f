package io.reactiveorm.unitofwork;

/** Where a managed instance stands in the unit of work. */
enum EntityState {
    /** Persisted in memory; inserted by the next flush. */
    NEW,
    /** Loaded or flushed; updated by the next flush when it differs from its snapshot. */
    MANAGED,
    /** Marked for removal; deleted by the next flush. */
    REMOVED
}
