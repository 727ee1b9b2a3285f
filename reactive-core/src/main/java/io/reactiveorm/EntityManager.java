package io.reactiveorm;

import io.reactiveorm.query.Filter;
import io.reactiveorm.query.Query;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A unit of work and its identity map: the handle through which an application reads and writes
 * entities. Obtain one per request or job with {@link Orm#fork()} (or {@link #fork()}).
 *
 * <p>In-memory operations ({@link #persist}, {@link #remove}, {@link #getReference}, {@link #create})
 * are synchronous and do no I/O. Everything that talks to the database returns a cold
 * {@link Mono}/{@link Flux}: nothing happens until subscription; arguments are validated when the
 * method is called and invalid ones throw there; run-time failures arrive as error signals.
 * Cancelling a flush or a transaction rolls it back and releases its connection, after the canceller
 * has gone on; an operation started on this EntityManager until then waits for it (it does not fail)
 * and sees the unit of work as the cancelled one left it.
 *
 * <p>Thread-safety: not thread-safe, and guarded. One EntityManager serves one pipeline at a time;
 * the pipeline may hop threads freely, but two reactive operations must not be in flight at once.
 * An operation is in flight from its subscription until its value, completion, error or
 * cancellation (a {@link #find} until its last row). One that starts while another is in flight fails
 * with {@code RO-3007} naming both (a flush started inside a flush with {@code RO-3008}), and nothing
 * is changed; the running one is unaffected. Calling {@link #persist} and the other in-memory methods
 * from the signals of a running operation (e.g. in {@code doOnNext} of a find) is fine. Use a fork per
 * concurrent unit of work. After {@link #close()} every method fails with {@code RO-3009}.
 */
public interface EntityManager {

    /**
     * Marks a new entity for insert by the next flush. Persisting a managed entity does nothing;
     * persisting a removed one cancels its removal.
     *
     * @return the same instance
     * @throws OrmException RO-1002 when the class is not a registered entity; RO-3002 when another
     *                      instance with the same id is already managed
     */
    <T> T persist(T entity);

    /** {@link #persist} for every element. */
    void persistAll(Iterable<?> entities);

    /**
     * Instantiates an entity from property values: a constructor whose parameter names match keys
     * of {@code data} (compiled with {@code -parameters}, or a record), else the no-arg constructor,
     * then the remaining values are set. Unknown properties, values of the wrong type and missing
     * required properties (not nullable and not generated) fail with errors naming them. A to-one
     * relation may be given as a target instance or as its id (then the managed instance of that id,
     * else a reference, is set; no query). The new entity is persisted.
     */
    <T> T create(Class<T> type, Map<String, ?> data);

    /** {@link #create(Class, Map)}, persisting the new entity only when {@code persist} is true. */
    <T> T create(Class<T> type, Map<String, ?> data, boolean persist);

    /**
     * Marks a managed entity for delete by the next flush; a new (never flushed) entity is just
     * forgotten.
     *
     * @throws OrmException RO-3001 when the instance is not managed by this EntityManager
     */
    void remove(Object entity);

    /**
     * The managed instance of that id, or an uninitialized instance with only its id set (a
     * reference), registered in the identity map. No I/O. Load it with {@link #load}.
     */
    <T> T getReference(Class<T> type, Object id);

    /** Whether the instance is managed by this EntityManager and not removed. */
    boolean contains(Object entity);

    /** Whether a managed instance was loaded ({@code false} for an unloaded reference). */
    boolean isInitialized(Object entity);

    /**
     * Writes every pending change in one transaction (a savepoint inside {@link #transactional}):
     * one statement per batch of {@code batchSize} rows per entity type and column set. With
     * nothing pending it opens no transaction and sends nothing. On failure the database is rolled
     * back and this unit of work is left exactly as before the call, so the caller can fix the data
     * and flush again.
     */
    Mono<Void> flush();

    /** The entity of that id: the managed instance without a query when it is in the identity map. */
    <T> Mono<T> findOne(Class<T> type, Object id);

    /** The first entity a filter selects (no order implied), or empty. */
    <T> Mono<T> findOne(Class<T> type, Filter filter);

    /** The entities a filter selects, managed; rows of already managed entities yield those instances. */
    <T> Flux<T> find(Class<T> type, Filter filter);

    /** The entities a query selects, streamed with backpressure. */
    <T> Flux<T> find(Query<T> query);

    /**
     * The first entity a query selects (its limit becomes 1), with its {@link Query#populate} paths
     * loaded; empty when none.
     */
    <T> Mono<T> findOne(Query<T> query);

    /**
     * Loads relations into a managed entity; see {@link #populateAll}. Emits the same instance.
     */
    <T> Mono<T> populate(T entity, String... paths);

    /**
     * Loads relations into managed entities of one type, with one query per relation per level for
     * all of them at once (the select-in strategy): {@code "books"} sends one {@code SELECT ... WHERE
     * author_id IN (...)}, {@code "books.tags"} then one query joining the join table for every book
     * reached. Paths: relation names separated by dots; to-ones load their references
     * ({@code "author"}), {@code "*"} as the last segment means every relation of that entity. Id lists
     * longer than the database's bind-parameter limit are split.
     *
     * <p>Rows are merged like a find's: a managed instance keeps its in-memory state and unflushed
     * changes. A collection already initialized is not read again and keeps its elements (with
     * unflushed adds and removes); a collection that is read gets the database's elements, adjusted by
     * what memory knows better (an element moved to another owner or removed is left out, a new or
     * moved-in one pointing at the owner is added). Populate does not flush first.
     *
     * <p>Emits the same instances (as a list, in the given order) when everything is loaded. Paths are
     * checked when called (RO-2006 names the entity and the unknown segment); an unmanaged entity
     * signals RO-3001. Cancelling stops the remaining queries; what was loaded stays loaded.
     *
     * @throws OrmException RO-2004 when no path is given or the entities are of different types
     */
    <T> Mono<List<T>> populateAll(Iterable<? extends T> entities, String... paths);

    /**
     * Loads a reference (an uninitialized instance, such as a to-one read from a row) and emits the same
     * instance, initialized; an entity already loaded is emitted as it is, without a query. Loads of
     * the same EntityManager subscribed within one batching window (see {@code docs/relations.md}) are
     * sent as one {@code SELECT ... WHERE id IN (...)} per entity type, so
     * {@code Flux.fromIterable(books).flatMap(b -> em.load(b.getAuthor()))} sends one query. Such
     * coalesced loads may run concurrently with each other; any other operation overlapping them is
     * rejected with RO-3007 as usual. A row that no longer exists signals RO-3003; an instance this
     * EntityManager does not manage RO-3001.
     */
    <T> Mono<T> load(T entity);

    /** The number of rows a filter selects. */
    Mono<Long> count(Class<?> type, Filter filter);

    /** Reloads a managed entity from the database, overwriting its in-memory state. */
    <T> Mono<T> refresh(T entity);

    /** Forgets every managed entity and pending change. */
    void clear();

    /** A new EntityManager with an empty identity map and unit of work, sharing metadata and driver. */
    EntityManager fork();

    /**
     * Ends this EntityManager: every later call fails with {@code RO-3009} (synchronous methods throw,
     * reactive ones signal the error), so a publisher that escaped its request, message or job is
     * reported instead of silently working on a stale identity map. Pending changes are not flushed.
     * An operation already in flight runs to its end. Idempotent; no I/O. The EntityManager given to
     * {@link #transactional}'s work is closed when its transaction ends.
     */
    void close();

    /** This EntityManager's flush mode. */
    FlushMode flushMode();

    /** Sets when this EntityManager flushes on its own; see {@link FlushMode}. */
    void setFlushMode(FlushMode mode);

    /**
     * Runs {@code work} in a transaction and flushes when it succeeds. {@code work} receives an
     * EntityManager that shares this one's identity map and unit of work and is bound to the
     * transaction's connection. An error in {@code work} or the flush, or a cancellation, rolls back
     * and releases the connection. A nested call opens a savepoint on the same connection.
     *
     * <p>While the transaction runs it is this EntityManager's operation in flight: inside {@code work},
     * use the EntityManager given to it (calls on this one fail with {@code RO-3007}). The given
     * EntityManager is closed when the transaction ends.
     */
    <T> Mono<T> transactional(Function<EntityManager, Mono<T>> work);
}
