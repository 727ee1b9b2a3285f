package io.reactiveorm.context;

import io.reactiveorm.EntityManager;
import io.reactiveorm.FlushMode;
import io.reactiveorm.Orm;
import io.reactiveorm.query.Filter;
import io.reactiveorm.query.Query;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The context-bound EntityManager: one instance per {@link Orm}, shared by the whole application
 * (inject it anywhere), whose every call works on the EntityManager bound to the Reactor Context of
 * its subscription by {@link RequestContext} (or a WebFlux filter, a message or job scope), and inside
 * {@link #transactional} on that transaction's EntityManager.
 *
 * <p>Every method is reactive, the in-memory ones too, because the bound EntityManager is only known at
 * subscription: nothing happens until then, and each subscription resolves it again. Arguments are
 * checked for {@code null} when a method is called; everything else (unknown entity, wrong id type,
 * the errors of {@link EntityManager}) arrives as an error signal. With no EntityManager bound, every
 * call fails with {@code RO-5001}, which says how to bind one, unless this instance was made with
 * {@link #withGlobalContext(Orm)}.
 *
 * <p>The bound EntityManager runs one operation at a time: two calls in flight at once in one scope
 * (a {@code flatMap} over ORM calls, a call while a {@link #find} still streams) fail with
 * {@code RO-3007} naming both; thread hops are fine. Cancelling a call cancels it on the bound
 * EntityManager (rolling back what it had open).
 *
 * <p>Thread-safety: thread-safe and stateless apart from the global EntityManager, if opted into.
 */
public interface ContextEntityManager {

    /** The context-bound EntityManager of {@code orm}; calls without a bound EntityManager fail with RO-5001. */
    static ContextEntityManager of(Orm orm) {
        return new DefaultContextEntityManager(Objects.requireNonNull(orm, "orm"), null);
    }

    /**
     * A context-bound EntityManager that falls back to one global EntityManager ({@code orm.fork()},
     * made now) when its caller has none bound: MikroORM's {@code allowGlobalContext}. Everything that
     * runs outside a scope then shares that one identity map, which keeps growing and runs one
     * operation at a time (RO-3007 otherwise), so this is for scripts, command-line tools and tests,
     * not for servers.
     */
    static ContextEntityManager withGlobalContext(Orm orm) {
        Objects.requireNonNull(orm, "orm");
        return new DefaultContextEntityManager(orm, orm.fork());
    }

    /** The Orm whose EntityManagers this one resolves. */
    Orm orm();

    /** Emits the EntityManager that calls in this subscription's Context work on. */
    Mono<EntityManager> current();

    /** {@link EntityManager#persist}; emits the entity. */
    <T> Mono<T> persist(T entity);

    /** {@link EntityManager#persistAll}. */
    Mono<Void> persistAll(Iterable<?> entities);

    /** {@link EntityManager#create(Class, Map)}; emits the new, persisted entity. */
    <T> Mono<T> create(Class<T> type, Map<String, ?> data);

    /** {@link EntityManager#create(Class, Map, boolean)}; emits the new entity. */
    <T> Mono<T> create(Class<T> type, Map<String, ?> data, boolean persist);

    /** {@link EntityManager#remove}. */
    Mono<Void> remove(Object entity);

    /** {@link EntityManager#getReference}; emits the managed instance or reference. */
    <T> Mono<T> getReference(Class<T> type, Object id);

    /** {@link EntityManager#contains}. */
    Mono<Boolean> contains(Object entity);

    /** {@link EntityManager#isInitialized}. */
    Mono<Boolean> isInitialized(Object entity);

    /** {@link EntityManager#flush}: inside {@link #transactional}, in that transaction. */
    Mono<Void> flush();

    /** {@link EntityManager#findOne(Class, Object)}. */
    <T> Mono<T> findOne(Class<T> type, Object id);

    /** {@link EntityManager#findOne(Class, Filter)}. */
    <T> Mono<T> findOne(Class<T> type, Filter filter);

    /** {@link EntityManager#find(Class, Filter)}; the bound EntityManager is busy until the last row. */
    <T> Flux<T> find(Class<T> type, Filter filter);

    /** {@link EntityManager#find(Query)}; the bound EntityManager is busy until the last row. */
    <T> Flux<T> find(Query<T> query);

    /** {@link EntityManager#findOne(Query)}. */
    <T> Mono<T> findOne(Query<T> query);

    /** {@link EntityManager#populate}. */
    <T> Mono<T> populate(T entity, String... paths);

    /** {@link EntityManager#populateAll}. */
    <T> Mono<List<T>> populateAll(Iterable<? extends T> entities, String... paths);

    /**
     * {@link EntityManager#load}: loads subscribed close together on the bound EntityManager are sent as
     * one query, so {@code Flux.fromIterable(books).flatMap(b -> em.load(b.getAuthor()))} is fine here.
     */
    <T> Mono<T> load(T entity);

    /** {@link EntityManager#count}. */
    Mono<Long> count(Class<?> type, Filter filter);

    /** {@link EntityManager#refresh}. */
    <T> Mono<T> refresh(T entity);

    /** {@link EntityManager#clear}. */
    Mono<Void> clear();

    /**
     * Emits a new EntityManager forked from the bound one: an empty identity map of its own, not bound
     * to any Context and not closed by the scope. To bind a new fork for a part of the pipeline (a
     * nested context), wrap that part in {@link RequestContext#with} instead.
     */
    Mono<EntityManager> fork();

    /** {@link EntityManager#flushMode}. */
    Mono<FlushMode> flushMode();

    /** {@link EntityManager#setFlushMode}. */
    Mono<Void> setFlushMode(FlushMode mode);

    /**
     * {@link EntityManager#transactional} on the bound EntityManager, with the transaction's
     * EntityManager bound in the Context of {@code work}: every call of any ContextEntityManager (of
     * this Orm) inside {@code work}, however deep, runs on the transaction's connection and shares the
     * bound identity map. A nested call opens a savepoint. On success the unit of work is flushed and
     * the transaction committed; an error rolls back and is signalled; a cancellation (e.g. the client
     * went away) rolls back (unless the COMMIT was already sent), releases the connection and logs
     * warning RO-5002.
     */
    <T> Mono<T> transactional(Function<EntityManager, ? extends Mono<T>> work);
}
