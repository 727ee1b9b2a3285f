package io.reactiveorm.internal;

import io.reactiveorm.DatabaseException;
import io.reactiveorm.MappingException;
import io.reactiveorm.OptimisticLockException;
import io.reactiveorm.OrmException;

import java.util.Collection;
import java.util.List;

/**
 * The one place that builds reactive-orm's errors. Each factory has a stable code; its message says
 * what failed, the identifying values, and the likely cause or the fix. Public only so that driver
 * modules can share it; not API.
 */
public final class OrmErrors {

    private OrmErrors() {
    }

    // RO-1xxx: mapping, raised at start-up

    public static MappingException invalidMapping(Class<?> type, String property, String problem) {
        String where = property == null ? type.getName() : type.getName() + "." + property;
        return new MappingException("RO-1001", "Invalid mapping of " + where + ": " + problem);
    }

    public static OrmException unknownEntity(Class<?> type) {
        return new OrmException("RO-1002", "Unknown entity class " + type.getName()
                + ": it is not among the entities given to Orm.builder().entities(...)"
                + " (is it annotated with @Entity and registered?)");
    }

    public static OrmException inaccessible(Class<?> type, Throwable cause) {
        return new OrmException("RO-1003", "Cannot access the members of " + type.getName()
                + ": if it lives in a named module, open its package to io.reactiveorm.core", cause);
    }

    // RO-2xxx: queries and values

    public static OrmException unknownProperty(String entity, String property, Collection<String> known) {
        return new OrmException("RO-2001", "Entity " + entity + " has no property '" + property
                + "'; its properties are " + known);
    }

    public static OrmException wrongValueType(String entity, String property, String operator, Class<?> expected, Object value) {
        return new OrmException("RO-2002", "Value " + describe(value) + " for " + entity + "." + property
                + (operator == null ? "" : " (operator " + operator + ")")
                + " is not a " + expected.getSimpleName());
    }

    public static OrmException nullInComparison(String entity, String property, String operator) {
        return new OrmException("RO-2003", "Operator " + operator + " on " + entity + "." + property
                + " was given null; use Filter.isNull(\"" + property + "\") or Filter.isNotNull(\"" + property + "\")");
    }

    public static OrmException invalidArgument(String what) {
        return new OrmException("RO-2004", what);
    }

    public static OrmException missingRequired(String entity, List<String> properties) {
        return new OrmException("RO-2005", "Cannot create " + entity + ": required properties " + properties
                + " have no value (they are not nullable and not generated)");
    }

    // RO-3xxx: unit of work

    public static OrmException notManaged(String entity, Object id, String operation) {
        return new OrmException("RO-3001", "Cannot " + operation + " " + entity + (id == null ? " (no id)" : " " + id)
                + ": the instance is not managed by this EntityManager; persist it, or load it with findOne in this fork first");
    }

    public static OrmException idCollision(String entity, Object id) {
        return new OrmException("RO-3002", "Cannot persist " + entity + " " + id
                + ": another instance with the same id is already managed by this EntityManager;"
                + " modify that instance instead (findOne / getReference return it)");
    }

    public static OrmException entityNotFound(String entity, Object id) {
        return new OrmException("RO-3003", entity + " " + id + " no longer exists in the database");
    }

    public static OrmException uninitializedChanged(String entity, Object id) {
        return new OrmException("RO-3004", "Reference " + entity + " " + id
                + " was modified but never loaded; load it (em.refresh or em.findOne) before changing it");
    }

    public static OptimisticLockException optimisticLock(String entity, String operation, List<Object> ids) {
        return new OptimisticLockException("RO-3005", "Optimistic lock failed on " + operation + " of " + entity
                + " with id(s) " + ids + ": the version in the database differs or the row is gone."
                + " Was the entity updated or deleted concurrently? The flush was rolled back; refresh and retry.",
                entity, ids);
    }

    public static OrmException closed(String what) {
        return new OrmException("RO-3006", what + " is closed");
    }

    // RO-4xxx: database

    public static DatabaseException statementFailed(String operation, String entity, String sqlState,
                                                    boolean transientFailure, Throwable cause) {
        return new DatabaseException("RO-4001", operation + " of " + entity + " failed"
                + (sqlState == null ? "" : " [SQL state " + sqlState + "]") + ": " + cause.getMessage()
                + (transientFailure ? " (transient: retrying may succeed)" : ""),
                sqlState, transientFailure, cause);
    }

    public static DatabaseException connectionFailed(String operation, Throwable cause) {
        return new DatabaseException("RO-4002", operation + " failed: cannot use the database connection: "
                + cause.getMessage(), null, true, cause);
    }

    public static OrmException unsupported(String dialect, String feature) {
        return new OrmException("RO-4003", dialect + " does not support " + feature);
    }

    private static String describe(Object value) {
        return value == null ? "null" : "'" + value + "' (" + value.getClass().getSimpleName() + ")";
    }
}
