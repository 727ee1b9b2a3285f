package io.reactiveorm;

import io.reactiveorm.internal.OrmErrors;
import io.reactiveorm.metadata.EntityCreator;
import io.reactiveorm.metadata.EntityMetadata;
import io.reactiveorm.metadata.IdGeneration;
import io.reactiveorm.metadata.PropertyMetadata;
import io.reactiveorm.query.Filter;
import io.reactiveorm.query.FilterValidator;
import io.reactiveorm.query.Query;
import io.reactiveorm.spi.DriverConnection;
import io.reactiveorm.unitofwork.FlushPlan;
import io.reactiveorm.unitofwork.UnitOfWork;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** The EntityManager: a unit of work, the Orm it belongs to, and the transaction it is bound to, if any. */
final class DefaultEntityManager implements EntityManager {

    private static final String FLUSH_SAVEPOINT = "ro_flush";

    private final Orm orm;
    private final UnitOfWork uow;
    private final Transaction transaction;
    private FlushMode flushMode;

    DefaultEntityManager(Orm orm) {
        this(orm, new UnitOfWork(), orm.flushMode(), null);
    }

    private DefaultEntityManager(Orm orm, UnitOfWork uow, FlushMode flushMode, Transaction transaction) {
        this.orm = orm;
        this.uow = uow;
        this.flushMode = flushMode;
        this.transaction = transaction;
    }

    /** The connection of an open transaction and how deep its savepoints are nested. */
    private record Transaction(DriverConnection connection, int depth) {
    }

    @Override
    public <T> T persist(T entity) {
        uow.persist(meta(entity), entity);
        return entity;
    }

    @Override
    public void persistAll(Iterable<?> entities) {
        for (Object entity : entities) {
            persist(entity);
        }
    }

    @Override
    public <T> T create(Class<T> type, Map<String, ?> data) {
        return create(type, data, true);
    }

    @Override
    public <T> T create(Class<T> type, Map<String, ?> data, boolean persist) {
        EntityMetadata<T> meta = orm.metadata().get(type);
        for (Map.Entry<String, ?> e : data.entrySet()) {
            PropertyMetadata p = meta.property(e.getKey());
            if (!p.accepts(e.getValue())) {
                throw OrmErrors.wrongValueType(meta.name(), p.name(), null, p.javaType(), e.getValue());
            }
        }
        Set<String> assigned = new HashSet<>();
        T entity = instantiate(meta, data, assigned);
        for (Map.Entry<String, ?> e : data.entrySet()) {
            if (!assigned.contains(e.getKey())) {
                meta.property(e.getKey()).set(entity, e.getValue());
            }
        }
        List<String> missing = new ArrayList<>();
        for (PropertyMetadata p : meta.properties()) {
            boolean generated = p.isVersion() || p.isId() && meta.idGeneration() != IdGeneration.ASSIGNED;
            if (!p.nullable() && !generated && !p.javaType().isPrimitive() && p.get(entity) == null) {
                missing.add(p.name());
            }
        }
        if (!missing.isEmpty()) {
            throw OrmErrors.missingRequired(meta.name(), missing);
        }
        return persist ? persist(entity) : entity;
    }

    @SuppressWarnings("unchecked")
    private static <T> T instantiate(EntityMetadata<T> meta, Map<String, ?> data, Set<String> assigned) {
        for (EntityCreator creator : meta.creators()) {
            if (data.keySet().containsAll(creator.parameterNames())) {
                Object[] arguments = new Object[creator.parameterNames().size()];
                for (int i = 0; i < arguments.length; i++) {
                    arguments[i] = data.get(creator.parameterNames().get(i));
                }
                assigned.addAll(creator.parameterNames());
                return (T) creator.create(arguments);
            }
        }
        return meta.newInstance();
    }

    @Override
    public void remove(Object entity) {
        uow.remove(meta(entity), entity);
    }

    @Override
    public <T> T getReference(Class<T> type, Object id) {
        EntityMetadata<T> meta = orm.metadata().get(type);
        requireId(meta, id);
        return type.cast(uow.reference(meta, id));
    }

    @Override
    public boolean contains(Object entity) {
        return uow.contains(entity);
    }

    @Override
    public boolean isInitialized(Object entity) {
        return uow.isInitialized(entity);
    }

    @Override
    public Mono<Void> flush() {
        return flush(true);
    }

    /** Flushes; inside a transaction, {@code savepoint} keeps a failed flush from leaving partial writes. */
    private Mono<Void> flush(boolean savepoint) {
        return Mono.defer(() -> {
            FlushPlan plan = uow.computeFlushPlan();
            if (plan.isEmpty()) {
                return Mono.empty();
            }
            Function<DriverConnection, Mono<Void>> write = connection -> orm.persister().execute(connection, plan);
            Mono<Void> executed;
            if (transaction == null) {
                executed = orm.driver().withConnection(connection -> Mono.usingWhen(
                        connection.beginTransaction().thenReturn(connection),
                        write,
                        DriverConnection::commitTransaction,
                        (c, error) -> c.rollbackTransaction(),
                        DriverConnection::rollbackTransaction)).then();
            } else if (savepoint) {
                executed = inSavepoint(transaction.connection(), FLUSH_SAVEPOINT, () -> write.apply(transaction.connection()));
            } else {
                executed = write.apply(transaction.connection());
            }
            return executed.then(Mono.fromRunnable(() -> uow.apply(plan)));
        });
    }

    @Override
    public <T> Mono<T> findOne(Class<T> type, Object id) {
        EntityMetadata<T> meta = orm.metadata().get(type);
        requireId(meta, id);
        return Mono.defer(() -> {
            Object managed = uow.find(meta, id);
            if (managed != null && uow.isInitialized(managed)) {
                return uow.contains(managed) ? Mono.just(type.cast(managed)) : Mono.empty();
            }
            return select(meta, Query.of(type).where(Filter.eq(meta.id().name(), id)).limit(1)).singleOrEmpty();
        });
    }

    @Override
    public <T> Mono<T> findOne(Class<T> type, Filter filter) {
        return find(Query.of(type).where(filter).limit(1)).singleOrEmpty();
    }

    @Override
    public <T> Flux<T> find(Class<T> type, Filter filter) {
        return find(Query.of(type).where(filter));
    }

    @Override
    public <T> Flux<T> find(Query<T> query) {
        EntityMetadata<T> meta = orm.metadata().get(query.entityType());
        FilterValidator.validate(meta, query);
        return select(meta, query);
    }

    private <T> Flux<T> select(EntityMetadata<T> meta, Query<T> query) {
        Class<T> type = meta.type();
        return autoFlush(meta).thenMany(Flux.defer(() -> read(connection -> connection.select(meta, query))
                .map(row -> type.cast(uow.merge(meta, row, query.refresh())))));
    }

    @Override
    public Mono<Long> count(Class<?> type, Filter filter) {
        EntityMetadata<?> meta = orm.metadata().get(type);
        FilterValidator.validate(meta, filter);
        return autoFlush(meta).then(read(connection -> connection.count(meta, filter)).singleOrEmpty());
    }

    @Override
    public <T> Mono<T> refresh(T entity) {
        EntityMetadata<T> meta = meta(entity);
        return Mono.defer(() -> {
            Object id = uow.managedId(meta, entity, "refresh");
            Query<T> byId = Query.of(meta.type()).where(Filter.eq(meta.id().name(), id)).refresh(true);
            return read(connection -> connection.select(meta, byId))
                    .singleOrEmpty()
                    .map(row -> meta.type().cast(uow.merge(meta, row, true)))
                    .switchIfEmpty(Mono.error(() -> OrmErrors.entityNotFound(meta.name(), id)));
        });
    }

    @Override
    public void clear() {
        uow.clear();
    }

    @Override
    public EntityManager fork() {
        return new DefaultEntityManager(orm, new UnitOfWork(), flushMode, null);
    }

    @Override
    public FlushMode flushMode() {
        return flushMode;
    }

    @Override
    public void setFlushMode(FlushMode mode) {
        this.flushMode = Objects.requireNonNull(mode, "mode");
    }

    @Override
    public <T> Mono<T> transactional(Function<EntityManager, Mono<T>> work) {
        Objects.requireNonNull(work, "work");
        if (transaction != null) {
            DefaultEntityManager inner = new DefaultEntityManager(orm, uow, flushMode,
                    new Transaction(transaction.connection(), transaction.depth() + 1));
            return inSavepoint(transaction.connection(), "ro_tx_" + transaction.depth(), () -> inner.runAndFlush(work))
                    .flatMap(Mono::justOrEmpty);
        }
        return orm.driver().withConnection(connection -> {
                    DefaultEntityManager inner = new DefaultEntityManager(orm, uow, flushMode, new Transaction(connection, 1));
                    return Mono.usingWhen(
                            connection.beginTransaction().thenReturn(connection),
                            c -> inner.runAndFlush(work),
                            DriverConnection::commitTransaction,
                            (c, error) -> c.rollbackTransaction(),
                            DriverConnection::rollbackTransaction);
                })
                .singleOrEmpty()
                .flatMap(Mono::justOrEmpty);
    }

    private <T> Mono<Optional<T>> runAndFlush(Function<EntityManager, Mono<T>> work) {
        return Mono.defer(() -> work.apply(this))
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .flatMap(result -> flush(false).thenReturn(result));
    }

    private static <T> Mono<T> inSavepoint(DriverConnection connection, String name, java.util.function.Supplier<Mono<T>> work) {
        return Mono.usingWhen(
                connection.createSavepoint(name).thenReturn(name),
                n -> work.get(),
                connection::releaseSavepoint,
                (n, error) -> connection.rollbackToSavepoint(n),
                connection::rollbackToSavepoint);
    }

    private Mono<Void> autoFlush(EntityMetadata<?> meta) {
        return switch (flushMode) {
            case COMMIT -> Mono.empty();
            case ALWAYS -> flush();
            case AUTO -> Mono.defer(() -> uow.hasChangesFor(meta) ? flush() : Mono.empty());
        };
    }

    /** Runs a read on the transaction's connection, or on a pooled one released when done. */
    private <R> Flux<R> read(Function<DriverConnection, Publisher<R>> work) {
        return transaction == null ? orm.driver().withConnection(work) : Flux.from(work.apply(transaction.connection()));
    }

    @SuppressWarnings("unchecked")
    private <T> EntityMetadata<T> meta(T entity) {
        Objects.requireNonNull(entity, "entity");
        return (EntityMetadata<T>) orm.metadata().get(entity.getClass());
    }

    private static void requireId(EntityMetadata<?> meta, Object id) {
        if (id == null) {
            throw OrmErrors.invalidArgument("The id of " + meta.name() + " must not be null");
        }
        if (!meta.id().accepts(id)) {
            throw OrmErrors.wrongValueType(meta.name(), meta.id().name(), null, meta.id().javaType(), id);
        }
    }
}
