package io.reactiveorm.context;

import io.reactiveorm.EntityManager;
import io.reactiveorm.FlushMode;
import io.reactiveorm.Orm;
import io.reactiveorm.internal.OrmErrors;
import io.reactiveorm.query.Filter;
import io.reactiveorm.query.Query;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Resolves the bound EntityManager at each subscription and hands the call to it. When the Orm
 * captures call sites, the site is taken here, when the application calls (the EntityManager is
 * only called later, from inside Reactor), and handed to the EntityManager with the call.
 */
final class DefaultContextEntityManager implements ContextEntityManager {

    private static final Logger LOG = LoggerFactory.getLogger(ContextEntityManager.class);

    private final Orm orm;
    private final EntityManager global;

    DefaultContextEntityManager(Orm orm, EntityManager global) {
        this.orm = orm;
        this.global = global;
    }

    @Override
    public Orm orm() {
        return orm;
    }

    @Override
    public Mono<EntityManager> current() {
        return call("current", Mono::just);
    }

    @Override
    public <T> Mono<T> persist(T entity) {
        Objects.requireNonNull(entity, "entity");
        return call("persist", em -> Mono.just(em.persist(entity)));
    }

    @Override
    public Mono<Void> persistAll(Iterable<?> entities) {
        Objects.requireNonNull(entities, "entities");
        return run("persistAll", em -> em.persistAll(entities));
    }

    @Override
    public <T> Mono<T> create(Class<T> type, Map<String, ?> data) {
        return create(type, data, true);
    }

    @Override
    public <T> Mono<T> create(Class<T> type, Map<String, ?> data, boolean persist) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
        return call("create", em -> Mono.just(em.create(type, data, persist)));
    }

    @Override
    public Mono<Void> remove(Object entity) {
        Objects.requireNonNull(entity, "entity");
        return run("remove", em -> em.remove(entity));
    }

    @Override
    public <T> Mono<T> getReference(Class<T> type, Object id) {
        Objects.requireNonNull(type, "type");
        return call("getReference", em -> Mono.just(em.getReference(type, id)));
    }

    @Override
    public Mono<Boolean> contains(Object entity) {
        return call("contains", em -> Mono.just(em.contains(entity)));
    }

    @Override
    public Mono<Boolean> isInitialized(Object entity) {
        return call("isInitialized", em -> Mono.just(em.isInitialized(entity)));
    }

    @Override
    public Mono<Void> flush() {
        return call("flush", EntityManager::flush);
    }

    @Override
    public <T> Mono<T> findOne(Class<T> type, Object id) {
        Objects.requireNonNull(type, "type");
        return call("findOne", em -> em.findOne(type, id));
    }

    @Override
    public <T> Mono<T> findOne(Class<T> type, Filter filter) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(filter, "filter");
        return call("findOne", em -> em.findOne(type, filter));
    }

    @Override
    public <T> Flux<T> find(Class<T> type, Filter filter) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(filter, "filter");
        return callMany("find", em -> em.find(type, filter));
    }

    @Override
    public <T> Flux<T> find(Query<T> query) {
        Objects.requireNonNull(query, "query");
        return callMany("find", em -> em.find(query));
    }

    @Override
    public <T> Mono<T> findOne(Query<T> query) {
        Objects.requireNonNull(query, "query");
        return call("findOne", em -> em.findOne(query));
    }

    @Override
    public <T> Mono<T> populate(T entity, String... paths) {
        Objects.requireNonNull(entity, "entity");
        return call("populate", em -> em.populate(entity, paths));
    }

    @Override
    public <T> Mono<List<T>> populateAll(Iterable<? extends T> entities, String... paths) {
        Objects.requireNonNull(entities, "entities");
        return call("populateAll", em -> em.populateAll(entities, paths));
    }

    @Override
    public <T> Mono<T> load(T entity) {
        Objects.requireNonNull(entity, "entity");
        return call("load", em -> em.load(entity));
    }

    @Override
    public Mono<Long> count(Class<?> type, Filter filter) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(filter, "filter");
        return call("count", em -> em.count(type, filter));
    }

    @Override
    public <T> Mono<T> refresh(T entity) {
        Objects.requireNonNull(entity, "entity");
        return call("refresh", em -> em.refresh(entity));
    }

    @Override
    public Mono<Void> clear() {
        return run("clear", EntityManager::clear);
    }

    @Override
    public Mono<EntityManager> fork() {
        return call("fork", em -> Mono.just(em.fork()));
    }

    @Override
    public Mono<FlushMode> flushMode() {
        return call("flushMode", em -> Mono.just(em.flushMode()));
    }

    @Override
    public Mono<Void> setFlushMode(FlushMode mode) {
        Objects.requireNonNull(mode, "mode");
        return run("setFlushMode", em -> em.setFlushMode(mode));
    }

    @Override
    public <T> Mono<T> transactional(Function<EntityManager, ? extends Mono<T>> work) {
        Objects.requireNonNull(work, "work");
        return call("transactional", em -> em.transactional(tx -> Mono.<T>defer(() -> work.apply(tx))
                        .contextWrite(context -> Binding.bind(context, orm, tx))))
                .doOnCancel(() -> LOG.warn(ContextErrors.cancelledTransaction("ContextEntityManager.transactional(work)")));
    }

    /** Calls {@code call} on the EntityManager bound at subscription. */
    private <T> Mono<T> call(String method, Function<EntityManager, Mono<T>> call) {
        String site = callSite();
        return Mono.deferContextual(context -> {
            EntityManager em = resolve(context, method);
            return OrmErrors.withCallSite(site, () -> call.apply(em));
        });
    }

    private <T> Flux<T> callMany(String method, Function<EntityManager, Flux<T>> call) {
        String site = callSite();
        return Flux.deferContextual(context -> {
            EntityManager em = resolve(context, method);
            return OrmErrors.withCallSite(site, () -> call.apply(em));
        });
    }

    /** Runs an in-memory call on the EntityManager bound at subscription; completes empty. */
    private Mono<Void> run(String method, java.util.function.Consumer<EntityManager> call) {
        return call(method, em -> {
            call.accept(em);
            return Mono.empty();
        });
    }

    /** The line that called this ContextEntityManager, when the Orm records call sites. */
    private String callSite() {
        return orm.captureCallSites() ? OrmErrors.callSite() : null;
    }

    private EntityManager resolve(ContextView context, String method) {
        EntityManager bound = Binding.find(context, orm);
        if (bound != null) {
            return bound;
        }
        if (global != null) {
            return global;
        }
        throw ContextErrors.noBoundFork("ContextEntityManager." + method + "(...)", Binding.anyBound(context));
    }
}
