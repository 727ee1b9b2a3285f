package io.reactiveorm;

/** When an {@link EntityManager} flushes on its own, in addition to explicit {@code flush()} calls. */
public enum FlushMode {
    /** Only on an explicit flush and at the end of {@code transactional}. */
    COMMIT,
    /** Also before a query, when pending changes touch the queried entity type (the default). */
    AUTO,
    /** Also before every query. */
    ALWAYS
}
