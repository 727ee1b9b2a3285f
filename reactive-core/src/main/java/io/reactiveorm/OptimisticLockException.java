package io.reactiveorm;

import java.util.List;

/**
 * A versioned entity was updated or deleted concurrently: the version the unit of work read no
 * longer matches the row. The flush that raised it was rolled back and the unit of work is as it
 * was before; refresh the entity and retry.
 */
public final class OptimisticLockException extends OrmException {

    private final String entityName;
    private final List<Object> ids;

    public OptimisticLockException(String code, String message, String entityName, List<Object> ids) {
        super(code, message);
        this.entityName = entityName;
        this.ids = List.copyOf(ids);
    }

    /** The entity whose rows did not match. */
    public String entityName() {
        return entityName;
    }

    /** The ids of the rows whose version did not match (or that no longer exist). */
    public List<Object> ids() {
        return ids;
    }
}
