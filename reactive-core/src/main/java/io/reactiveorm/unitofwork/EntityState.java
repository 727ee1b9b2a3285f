package io.reactiveorm.unitofwork;

/** Where a managed instance stands in the unit of work. */
enum EntityState {
    /** Persisted in memory; inserted by the next flush. */
    NEW,
    /** Loaded or flushed; updated by the next flush when it differs from its snapshot. */
    MANAGED,
    /** Marked for removal; deleted by the next flush. */
    REMOVED,
    /**
     * A new instance removed before it was inserted: forgotten by the unit of work. Its entry stays in the
     * list of new entries, skipped, until the next flush drops it (taking it out at once costs a scan of
     * the list, and would move the entries after it).
     */
    FORGOTTEN
}
