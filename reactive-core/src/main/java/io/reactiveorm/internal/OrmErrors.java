package io.reactiveorm.internal;

import io.reactiveorm.DatabaseException;
import io.reactiveorm.MappingException;
import io.reactiveorm.OptimisticLockException;
import io.reactiveorm.OrmException;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

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

    /**
     * A decimal column whose {@code attribute} ("precision" or "scale") is above what the database
     * holds; raised by the schema generator, which alone reads precision and scale.
     */
    public static MappingException decimalBeyondDatabase(Class<?> type, String property, String attribute, int value,
                                                         String database, int maxPrecision, int maxScale) {
        return invalidMapping(type, property, "@Column " + attribute + " " + value + " is above what " + database
                + " holds in a decimal column (precision at most " + maxPrecision + ", scale at most " + maxScale
                + "), so its column cannot be created; lower the " + attribute + ", or keep the value in a type "
                + database + " can hold");
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

    public static OrmException storedAsNullInComparison(String entity, String property, String operator, Object value) {
        return new OrmException("RO-2003", "Operator " + operator + " on " + entity + "." + property + " was given " + describe(value)
                + ", which " + entity + "." + property + " stores as NULL; compare it with EQ or NE, or use Filter.isNull(\""
                + property + "\")");
    }

    /** A column value a database returned that no constant of the property's enum stands for. */
    public static OrmException unknownEnumValue(String entity, String property, Class<?> enumType, Object value) {
        return new OrmException("RO-3017", "Read " + entity + "." + property + ": the database holds " + describe(value)
                + ", which is no constant of " + enumType.getSimpleName() + " (a constant renamed or removed, or an ordinal"
                + " out of range); update the rows or the enum");
    }

    /** The id field of a managed entity (or of one persisted with an id) no longer holds the id it is known by. */
    public static OrmException idChanged(String entity, Object id, Object changedTo, String when) {
        return invalidArgument("The id of " + entity + " " + id + " was changed to " + changedTo + when
                + "; ids of managed entities cannot change");
    }

    public static OrmException invalidArgument(String what) {
        return new OrmException("RO-2004", what);
    }

    public static OrmException missingRequired(String entity, List<String> properties) {
        return new OrmException("RO-2005", "Cannot create " + entity + ": required properties " + properties
                + " have no value (they are not nullable and not generated)");
    }

    /** A filter path segment that is not a {@code kind} ("relation" or "property") of its entity. */
    public static OrmException unknownPathSegment(String entity, String kind, String segment, String path, String root,
                                                  Collection<String> known) {
        return new OrmException("RO-2001", "Entity " + entity + " has no " + kind + " '" + segment + "' (in the path '"
                + path + "' of a filter on " + root + "); its " + (kind.equals("relation") ? "relations" : "properties and relations")
                + " are " + known);
    }

    public static OrmException unknownPopulatePath(String entity, String segment, String path, String root, Collection<String> relations) {
        return new OrmException("RO-2006", "Cannot populate '" + path + "' of " + root + ": " + entity + " has no relation '"
                + segment + "'; its relations are " + relations + " (a plain property is always loaded;"
                + " \"*\" as the last segment populates every relation of its entity)");
    }

    public static OrmException filterOnRelation(String entity, String relation, String path, String root) {
        return new OrmException("RO-2007", "Cannot filter " + root + " on '" + path + "': " + entity + "." + relation
                + " is a to-many (or inverse one-to-one) relation, not a value. Filter on a property of the related entity, e.g. '" + path
                + ".id' (true when some related row matches); a to-one also compares with its target or id directly");
    }

    public static OrmException entityWithoutIdInFilter(String entity, String property, String operator, String target) {
        return new OrmException("RO-2008", "Cannot filter " + entity + " on '" + property + "' (" + operator + "): the " + target
                + " compared with is new and has no id yet. Flush it first (flush mode AUTO does before the query), or compare"
                + " with an instance read from the database");
    }

    // RO-3xxx: unit of work

    public static OrmException notManaged(String entity, Object id, String operation) {
        return new OrmException("RO-3001", "Cannot " + operation + " " + entity + (id == null ? " (no id)" : " " + id)
                + ": the instance is not managed by this EntityManager; persist it, or load it with findOne in this fork first");
    }

    public static OrmException notFlushed(String entity, Object id, String operation) {
        return new OrmException("RO-3015", "Cannot " + operation + " " + entity + (id == null ? " (new)" : " " + id)
                + ": it is persisted in this EntityManager but not flushed yet, so the database has no row for it; flush first");
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

    public static OrmException unpersistedRelation(String entity, Object id, String property, String target) {
        return new OrmException("RO-3010", "Cannot flush " + entity + (id == null ? " (new)" : " " + id) + ": its relation '"
                + property + "' refers to a new " + target + " that is not persisted. Persist the " + target
                + " first (em.persist), or mark the relation cascade = CascadeType.PERSIST (or ALL) so it is persisted with the "
                + entity);
    }

    public static OrmException unmanagedRelationTarget(String entity, Object id, String property, String target, Object targetId) {
        return new OrmException("RO-3014", "Cannot flush " + entity + (id == null ? " (new)" : " " + id) + ": its relation '"
                + property + "' refers to " + target + " " + targetId + ", an instance this EntityManager does not manage (read"
                + " or written through another EntityManager, or forgotten by clear() or a delete). Its generated id says the row"
                + " exists, so it is not inserted: set the relation to this EntityManager's instance, em.getReference("
                + target + ".class, " + targetId + ") or one found with findOne");
    }

    public static OrmException unbreakableCycle(String entity, String property, String target) {
        return new OrmException("RO-3011", "Cannot insert " + entity + ": its relation '" + property + "' refers to a "
                + target + " of the same flush whose row is not inserted yet (later in the same batch, or in a cycle of"
                + " inserts), and the foreign key is not nullable, so it cannot be inserted as NULL and updated afterwards."
                + " Make the join column nullable, or flush the " + target + " first");
    }

    public static OrmException unbreakableDeleteCycle(List<String> cycle) {
        return new OrmException("RO-3016", "Cannot delete the rows " + String.join(", ", cycle) + " in one flush: they"
                + " refer to each other in a cycle and none of these foreign keys is nullable, so none can be set to NULL"
                + " before the deletes. Make one of these join columns nullable, or point one of the rows at another row"
                + " and flush before removing them");
    }

    public static OrmException collectionNotInitialized(String collection, String operation) {
        return new OrmException("RO-3012", "Cannot use " + operation + " of the " + collection + ": the collection is not"
                + " initialized (its owner was read from the database without it). Load it first: collection.load(),"
                + " em.populate(owner, \"<relation>\"), or find with Query.populate(\"<relation>\")");
    }

    public static OrmException collectionNotLoadable(String collection) {
        return new OrmException("RO-3013", "Cannot load the " + collection + ": its owner is not managed by an"
                + " EntityManager that can read it; load it with em.populate(owner, \"<relation>\") in a fork that manages it");
    }

    public static OptimisticLockException optimisticLock(String entity, String operation, List<Object> ids) {
        return new OptimisticLockException("RO-3005", "Optimistic lock failed on " + operation + " of " + entity
                + " with id(s) " + ids + ": the version in the database differs or the row is gone."
                + " Was the entity updated or deleted concurrently? The flush was rolled back; refresh and retry.",
                entity, ids);
    }

    /**
     * Two operations in flight at once on one EntityManager. Each side is described as
     * {@code operation}, the thread it started on, and its call site ({@code null} when not captured).
     */
    public static OrmException concurrentUse(String running, String runningThread, String runningSite,
                                             String rejected, String rejectedThread, String rejectedSite) {
        return new OrmException("RO-3007", rejected + " was started on an EntityManager while " + running
                + " is still in flight on it. An EntityManager runs one operation at a time (its identity map and"
                + " unit of work are not thread-safe), so the second one was rejected and nothing was changed."
                + " In flight: " + running + " " + where(runningThread, runningSite) + "."
                + " Rejected: " + rejected + " " + where(rejectedThread, rejectedSite) + "."
                + " Usually a flatMap, zip or merge runs ORM calls in parallel on one EntityManager, or a call starts"
                + " while a find() is still streaming: use concatMap (or flatMap(f, 1)), collectList() a find()"
                + " before the next call, or give each parallel branch its own fork (em.fork()). Inside"
                + " transactional(work), call the EntityManager given to work (or the context-bound one), not the one"
                + " transactional was called on. Hopping threads is fine; only overlapping operations are rejected."
                + (runningSite == null ? " " + CALL_SITE_HINT : ""));
    }

    public static OrmException flushInsideFlush(String runningThread, String runningSite, String rejectedThread, String rejectedSite) {
        return new OrmException("RO-3008", "flush() was called while a flush() of the same EntityManager is running."
                + " Running: flush() " + where(runningThread, runningSite) + "; rejected: flush() " + where(rejectedThread, rejectedSite) + "."
                + " A flush cannot start another flush: a lifecycle hook, StatementListener or entity accessor that"
                + " flushes would write half-applied change sets. Persist or change entities there instead and let the"
                + " running flush (or the next one) write them, or flush after the running flush completed; two flushes"
                + " started at once (flatMap, zip) must be chained instead."
                + (runningSite == null ? " " + CALL_SITE_HINT : ""));
    }

    public static OrmException usedAfterClose(String operation, String reason) {
        return new OrmException("RO-3009", operation + " was called on an EntityManager that is closed: " + reason + "."
                + " A Mono or Flux built with it was subscribed after the scope that owned it ended: typically a"
                + " fire-and-forget subscribe() or a cached publisher that outlives its request, message or job, or the"
                + " EntityManager given to transactional(work) used after the transaction. Do the work inside the"
                + " scope's own pipeline, or take a new fork (orm.fork(), or bind one with RequestContext).");
    }

    // call sites named by RO-3007 and RO-3008

    private static final String CALL_SITE_HINT = "Call sites are not recorded; to name the lines of code, build the Orm"
            + " with Orm.builder().captureCallSites(true) or run with -Dreactiveorm.captureCallSites=true"
            + " (costs a stack walk of a few microseconds per operation).";

    private static final StackWalker STACK = StackWalker.getInstance();
    private static final Set<String> LIBRARY_PACKAGES = Set.of("io.reactiveorm", "io.reactiveorm.internal",
            "io.reactiveorm.unitofwork", "io.reactiveorm.metadata", "io.reactiveorm.query", "io.reactiveorm.spi",
            "io.reactiveorm.context", "io.reactiveorm.context.webflux");
    private static final ThreadLocal<String> HANDED_CALL_SITE = new ThreadLocal<>();

    /**
     * The call site of the operation being created on this thread: the one handed over by
     * {@link #withCallSite}, else the first stack frame outside reactive-orm's own packages.
     */
    public static String callSite() {
        String handed = HANDED_CALL_SITE.get();
        if (handed != null) {
            return handed;
        }
        return STACK.walk(frames -> frames
                .filter(frame -> !LIBRARY_PACKAGES.contains(packageOf(frame.getClassName())))
                .findFirst()
                .map(frame -> frame.toStackTraceElement().toString())
                .orElse("(unknown)"));
    }

    /**
     * Runs {@code call} so that the operations it creates on this thread record {@code site} as their
     * call site: for wrappers that capture the site when their user calls them (assembly) and call the
     * EntityManager later (subscription). A {@code null} site just runs {@code call}.
     */
    public static <T> T withCallSite(String site, Supplier<T> call) {
        if (site == null) {
            return call.get();
        }
        String previous = HANDED_CALL_SITE.get();
        HANDED_CALL_SITE.set(site);
        try {
            return call.get();
        } finally {
            if (previous == null) {
                HANDED_CALL_SITE.remove();
            } else {
                HANDED_CALL_SITE.set(previous);
            }
        }
    }

    private static String packageOf(String className) {
        int dot = className.lastIndexOf('.');
        return dot < 0 ? "" : className.substring(0, dot);
    }

    private static String where(String thread, String site) {
        return "(thread " + thread + (site == null ? "" : ", at " + site) + ")";
    }

    // RO-4xxx: database

    /**
     * A statement the database or the driver refused. {@code sqlState} may be {@code null} and
     * {@code vendorCode} 0 when the driver reported none; the message names whichever it has.
     */
    public static DatabaseException statementFailed(String operation, String entity, String sqlState, int vendorCode,
                                                    boolean transientFailure, Throwable cause) {
        return new DatabaseException("RO-4001", operation + " of " + entity + " failed" + identifiers(sqlState, vendorCode)
                + ": " + cause.getMessage() + retryHint(transientFailure), sqlState, vendorCode, transientFailure, cause);
    }

    /**
     * No connection could be had. {@code sqlState} may be {@code null} and {@code vendorCode} 0, as for
     * {@link #statementFailed}; {@code transientFailure} unless the driver said the failure lasts (a
     * refused login, an unknown database).
     */
    public static DatabaseException connectionFailed(String operation, String sqlState, int vendorCode,
                                                     boolean transientFailure, Throwable cause) {
        return new DatabaseException("RO-4002", operation + " failed" + identifiers(sqlState, vendorCode)
                + ": cannot use the database connection: " + cause.getMessage() + retryHint(transientFailure),
                sqlState, vendorCode, transientFailure, cause);
    }

    /**
     * A COMMIT the database answered with a rollback because {@code earlier}, a statement of the same
     * transaction, had failed: the earlier failure's SQL state and vendor code, not transient (the same
     * work fails the same way again).
     */
    public static DatabaseException commitAfterFailedStatement(OrmException earlier, Throwable commitFailure) {
        DatabaseException database = earlier instanceof DatabaseException d ? d : null;
        DatabaseException failure = new DatabaseException("RO-4004", "COMMIT failed: the database rolled the transaction back,"
                + " because an earlier statement in it failed (" + earlier.getMessage() + "). PostgreSQL aborts a transaction"
                + " at its first failed statement, even when the error is handled; run a statement that may fail in a"
                + " nested transactional(...) (a savepoint), or let its error end the transaction",
                database == null ? null : database.sqlState(), database == null ? 0 : database.vendorCode(), false, commitFailure);
        failure.addSuppressed(earlier);
        return failure;
    }

    public static OrmException unsupported(String dialect, String feature) {
        return new OrmException("RO-4003", dialect + " does not support " + feature);
    }

    private static String retryHint(boolean transientFailure) {
        return transientFailure ? " (transient: retrying may succeed)" : "";
    }

    /** " [SQL state s, vendor code n]", either alone, or "" when the driver reported neither. */
    private static String identifiers(String sqlState, int vendorCode) {
        if (sqlState == null) {
            return vendorCode == 0 ? "" : " [vendor code " + vendorCode + ", no SQL state]";
        }
        return " [SQL state " + sqlState + (vendorCode == 0 ? "" : ", vendor code " + vendorCode) + "]";
    }

    private static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        String shown = value instanceof Character c && Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : value.toString();
        return "'" + shown + "' (" + value.getClass().getSimpleName() + ")";
    }
}
