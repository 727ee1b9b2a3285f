package io.reactiveorm;

import io.reactiveorm.internal.OrmErrors;
import io.reactiveorm.metadata.EntityMetadata;
import io.reactiveorm.metadata.RelationMetadata;
import io.reactiveorm.query.Filter;
import io.reactiveorm.query.FilterValidator;
import io.reactiveorm.query.Query;
import io.reactiveorm.spi.DriverConnection;
import io.reactiveorm.unitofwork.CascadeRemoveLoader;
import io.reactiveorm.unitofwork.FlushJournal;
import io.reactiveorm.unitofwork.FlushPlan;
import io.reactiveorm.unitofwork.UnitOfWork;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The EntityManager: a unit of work, the Orm it belongs to, the transaction it is bound to, if any,
 * and the guard that lets one reactive operation at a time use it.
 */
final class DefaultEntityManager implements EntityManager {

    private static final String FLUSH_SAVEPOINT = "ro_flush";
    /** What a transaction or savepoint runs at its end when the unit of work learns nothing from its outcome. */
    private static final Runnable NOTHING = () -> { };
    private static final String CLOSED_BY_USER = "close() was called on it (RequestContext and its helpers call it"
            + " when the request, message or job that bound the fork completes)";
    private static final String TRANSACTION_ENDED = "it is the EntityManager of a transactional(...) call whose"
            + " transaction has ended (committed, rolled back or cancelled)";

    private final Orm orm;
    private final UnitOfWork uow;
    /** The EntityManager that loads this unit of work's collections: this one, or the one of a transaction running on it. */
    private final AtomicReference<DefaultEntityManager> collectionLoader;
    private final RelationLoading loading;
    private final ReferenceLoader references;
    private final Transaction transaction;
    private final OperationGuard guard = new OperationGuard();
    private FlushMode flushMode;
    /** For a transaction's EntityManager: who loaded collections before it, restored when it ends. */
    private DefaultEntityManager previousLoader;

    DefaultEntityManager(Orm orm) {
        this(orm, orm.flushMode());
    }

    /** An EntityManager with a new unit of work, whose collections it loads. */
    private DefaultEntityManager(Orm orm, FlushMode flushMode) {
        this.orm = orm;
        this.collectionLoader = new AtomicReference<>(this);
        this.uow = new UnitOfWork((owner, relation) -> collectionLoader.get().loadCollection(owner, relation));
        this.loading = new RelationLoading(this, uow);
        this.references = new ReferenceLoader(this, uow, guard, orm);
        this.flushMode = flushMode;
        this.transaction = null;
    }

    /** An EntityManager bound to a transaction, sharing {@code outer}'s unit of work. */
    private DefaultEntityManager(DefaultEntityManager outer, Transaction transaction) {
        this.orm = outer.orm;
        this.uow = outer.uow;
        this.collectionLoader = outer.collectionLoader;
        this.loading = new RelationLoading(this, uow);
        this.references = new ReferenceLoader(this, uow, guard, outer.orm);
        this.flushMode = outer.flushMode;
        this.transaction = transaction;
    }

    /** The connection of an open transaction and how deep its savepoints are nested. */
    private record Transaction(DriverConnection connection, int depth) {
    }

    /**
     * What the flush that ends a {@code transactional} leaves to its transaction: the unit of work takes
     * the flush in once the transaction commits (or its savepoint is released), and takes back what the
     * flush cascaded when it rolls back, a COMMIT that fails included.
     */
    private static final class ClosingFlush {
        private volatile Runnable written = NOTHING;
        private volatile Runnable reverted = NOTHING;

        void leave(Runnable written, Runnable reverted) {
            this.written = written;
            this.reverted = reverted;
        }

        void committed() {
            written.run();
        }

        void rolledBack() {
            reverted.run();
        }
    }

    @Override
    public <T> T persist(T entity) {
        guard.checkOpen("persist");
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
        guard.checkOpen("create");
        T entity = EntityFactory.create(orm.metadata().get(type), data, uow);
        return persist ? persist(entity) : entity;
    }

    @Override
    public void remove(Object entity) {
        guard.checkOpen("remove");
        uow.remove(meta(entity), entity);
    }

    @Override
    public <T> T getReference(Class<T> type, Object id) {
        guard.checkOpen("getReference");
        EntityMetadata<T> meta = orm.metadata().get(type);
        requireId(meta, id);
        return type.cast(uow.reference(meta, id));
    }

    @Override
    public boolean contains(Object entity) {
        guard.checkOpen("contains");
        return uow.contains(entity);
    }

    @Override
    public boolean isInitialized(Object entity) {
        guard.checkOpen("isInitialized");
        return uow.isInitialized(entity);
    }

    @Override
    public Mono<Void> flush() {
        return guarded(operation("flush", null, null), flush(null));
    }

    /**
     * Flushes; inside a transaction, under a savepoint that keeps a failed flush from leaving partial
     * writes, unless it is the transaction's {@code closing} flush, which the transaction itself settles.
     */
    private Mono<Void> flush(ClosingFlush closing) {
        return Mono.defer(() -> flush(uow.beginFlush(), closing));
    }

    /**
     * Flushes what {@code journal} has been recording since the flush began; a flush that fails, or is
     * cancelled before its transaction begins or rolled back after, reverts the journal, so the unit of
     * work is as it was before (the cascades it ran are taken back).
     */
    private Mono<Void> flush(FlushJournal journal, ClosingFlush closing) {
        AtomicBoolean settling = new AtomicBoolean();
        return CascadeRemoveLoader.load(uow, this::read).then(Mono.defer(() -> {
            FlushPlan plan = uow.computeFlushPlan();
            if (plan.isEmpty()) {
                return Mono.empty();
            }
            Function<DriverConnection, Mono<Void>> write = connection -> orm.persister().execute(connection, plan);
            Runnable written = () -> uow.apply(plan);
            if (transaction == null) {
                settling.set(true);
                return SettlingTransaction.run(orm.driver(), guard, write, written, journal::revert);
            }
            DriverConnection connection = transaction.connection();
            if (closing == null) {
                settling.set(true);
                return SettlingTransaction.inSavepoint(guard, connection, FLUSH_SAVEPOINT, () -> write.apply(connection),
                        written, journal::revert);
            }
            return write.apply(connection).then(Mono.fromRunnable(() -> closing.leave(written, journal::revert)));
        })).doOnError(error -> journal.revert()).doOnCancel(() -> {
            // a settling transaction reverts on its own once it has rolled back; it may still commit
            if (!settling.get()) {
                journal.revert();
            }
        });
    }

    @Override
    public <T> Mono<T> findOne(Class<T> type, Object id) {
        EntityMetadata<T> meta = orm.metadata().get(type);
        requireId(meta, id);
        return guarded(operation("findOne", meta, id), Mono.defer(() -> {
            Object managed = uow.find(meta, id);
            Object heldId = managed == null ? null : meta.id().get(managed);
            if (managed != null && !meta.id().sameValue(heldId, id)) {
                // the map knows the instance by an id it no longer holds: not found, nor removed
                return Mono.error(OrmErrors.idChanged(meta.name(), id, heldId, ""));
            }
            if (managed != null && !uow.contains(managed)) {
                return Mono.empty(); // removed in memory, loaded or only a reference
            }
            if (managed != null && uow.isInitialized(managed)) {
                return Mono.just(type.cast(managed));
            }
            return select(meta, Query.of(type).where(Filter.eq(meta.id().name(), id)).limit(1)).singleOrEmpty();
        }));
    }

    @Override
    public <T> Mono<T> findOne(Class<T> type, Filter filter) {
        Query<T> query = Query.of(type).where(filter).limit(1);
        EntityMetadata<T> meta = orm.metadata().get(type);
        FilterValidator.validate(meta, query);
        return guarded(operation("findOne", meta, null), select(meta, query).singleOrEmpty());
    }

    @Override
    public <T> Flux<T> find(Class<T> type, Filter filter) {
        return find(Query.of(type).where(filter));
    }

    @Override
    public <T> Flux<T> find(Query<T> query) {
        EntityMetadata<T> meta = orm.metadata().get(query.entityType());
        FilterValidator.validate(meta, query);
        if (!query.populate().isEmpty()) {
            return guarded(operation("find", meta, null), autoFlush(meta, query.filter()).thenMany(loading.select(meta, query)));
        }
        return guarded(operation("find", meta, null), select(meta, query));
    }

    private <T> Flux<T> select(EntityMetadata<T> meta, Query<T> query) {
        Class<T> type = meta.type();
        return autoFlush(meta, query.filter()).thenMany(Flux.defer(() -> read(connection -> connection.select(meta, query))
                .mapNotNull(row -> type.cast(uow.mergeResult(meta, row, query.refresh())))));
    }

    @Override
    public <T> Mono<T> findOne(Query<T> query) {
        return find(query.limit(1)).singleOrEmpty();
    }

    @Override
    public <T> Mono<T> populate(T entity, String... paths) {
        return populateAll(List.of(entity), paths).thenReturn(entity);
    }

    @Override
    public <T> Mono<List<T>> populateAll(Iterable<? extends T> entities, String... paths) {
        return loading.populateAll(entities, paths);
    }

    @Override
    public <T> Mono<T> load(T entity) {
        EntityMetadata<T> meta = meta(entity);
        return references.load(meta, entity, operation("load", meta, null));
    }

    /** A collection's {@code load()}: through the data-loader, so that loads subscribed together share a query. */
    private Mono<Void> loadCollection(Object owner, RelationMetadata relation) {
        EntityMetadata<?> meta = relation.owner();
        return references.loadCollection(relation, owner, operation("load", meta, meta.id().get(owner)));
    }

    @Override
    public Mono<Long> count(Class<?> type, Filter filter) {
        Objects.requireNonNull(filter, "filter");
        EntityMetadata<?> meta = orm.metadata().get(type);
        FilterValidator.validate(meta, filter);
        return guarded(operation("count", meta, null),
                autoFlush(meta, filter).then(read(connection -> connection.count(meta, filter)).singleOrEmpty()));
    }

    @Override
    public <T> Mono<T> refresh(T entity) {
        EntityMetadata<T> meta = meta(entity);
        return guarded(operation("refresh", meta, meta.id().get(entity)), Mono.defer(() -> {
            Object id = uow.managedId(meta, entity, "refresh");
            Query<T> byId = Query.of(meta.type()).where(Filter.eq(meta.id().name(), id)).refresh(true);
            return read(connection -> connection.select(meta, byId))
                    .singleOrEmpty()
                    .map(row -> meta.type().cast(uow.merge(meta, row, true)))
                    .switchIfEmpty(Mono.error(() -> OrmErrors.entityNotFound(meta.name(), id)));
        }));
    }

    @Override
    public void clear() {
        guard.checkOpen("clear");
        uow.clear();
    }

    @Override
    public EntityManager fork() {
        guard.checkOpen("fork");
        return new DefaultEntityManager(orm, flushMode);
    }

    @Override
    public FlushMode flushMode() {
        guard.checkOpen("flushMode");
        return flushMode;
    }

    @Override
    public void setFlushMode(FlushMode mode) {
        guard.checkOpen("setFlushMode");
        this.flushMode = Objects.requireNonNull(mode, "mode");
    }

    @Override
    public <T> Mono<T> transactional(Function<EntityManager, Mono<T>> work) {
        Objects.requireNonNull(work, "work");
        OperationGuard.Operation operation = operation("transactional", null, null);
        OperationGuard.Operation endFlush = new OperationGuard.Operation("flush", null, null, operation.site());
        if (transaction != null) {
            return guarded(operation, Mono.defer(() -> {
                DefaultEntityManager inner = inTransaction(new Transaction(transaction.connection(), transaction.depth() + 1));
                ClosingFlush closing = new ClosingFlush();
                return inner.endsWith(SettlingTransaction.inSavepoint(guard, transaction.connection(), "ro_tx_" + transaction.depth(),
                        () -> inner.runAndFlush(work, endFlush, closing), closing::committed, closing::rolledBack));
            })).flatMap(Mono::justOrEmpty);
        }
        return guarded(operation, Mono.defer(() -> {
            ClosingFlush closing = new ClosingFlush();
            return SettlingTransaction.run(orm.driver(), guard, connection -> {
                DefaultEntityManager inner = inTransaction(new Transaction(connection, 1));
                return inner.endsWith(inner.runAndFlush(work, endFlush, closing));
            }, closing::committed, closing::rolledBack);
        })).flatMap(Mono::justOrEmpty);
    }

    /**
     * An EntityManager sharing this one's unit of work, bound to a transaction; it loads the unit of
     * work's collections (on the transaction's connection) until the transaction ends.
     */
    private DefaultEntityManager inTransaction(Transaction tx) {
        DefaultEntityManager inner = new DefaultEntityManager(this, tx);
        inner.previousLoader = collectionLoader.getAndSet(inner);
        return inner;
    }

    /**
     * Closes this transaction's EntityManager when its work ends (completes, fails or is cancelled),
     * before the result goes on; the commit or rollback follows.
     */
    private <T> Mono<T> endsWith(Mono<T> transaction) {
        Runnable end = () -> {
            guard.close(TRANSACTION_ENDED);
            collectionLoader.compareAndSet(this, previousLoader);
        };
        return transaction.doOnTerminate(end).doOnCancel(end);
    }

    private <T> Mono<Optional<T>> runAndFlush(Function<EntityManager, Mono<T>> work, OperationGuard.Operation endFlush,
                                              ClosingFlush closing) {
        return Mono.defer(() -> work.apply(this))
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .flatMap(result -> guarded(endFlush, flush(closing)).thenReturn(result));
    }

    @Override
    public void close() {
        guard.close(CLOSED_BY_USER);
    }

    /**
     * Flushes before a query as the flush mode set when the query is subscribed says; AUTO when the types
     * the filter can see have changes.
     */
    private Mono<Void> autoFlush(EntityMetadata<?> meta, Filter filter) {
        return Mono.defer(() -> switch (flushMode) {
            case COMMIT -> Mono.empty();
            case ALWAYS -> flush(null);
            case AUTO -> flushIfQueried(meta, filter);
        });
    }

    private Mono<Void> flushIfQueried(EntityMetadata<?> meta, Filter filter) {
        if (uow.isEmpty()) {
            return Mono.empty();
        }
        FlushJournal journal = uow.beginFlush();
        boolean changes = false;
        try {
            changes = uow.hasChangesFor(FilterValidator.queriedTypes(meta, filter));
        } finally {
            // no flush (or a failed check): a query leaves no trace, so what the check cascaded (new
            // entities it persisted) is taken back, and the next flush cascades from what the graph holds then
            if (!changes) {
                journal.revert();
            }
        }
        return changes ? flush(journal, null) : Mono.empty();
    }

    /** Runs a read on the transaction's connection, or on a pooled one released when done. */
    <R> Flux<R> read(Function<DriverConnection, Publisher<R>> work) {
        return transaction == null ? orm.driver().withConnection(work) : Flux.from(work.apply(transaction.connection()));
    }

    @SuppressWarnings("unchecked")
    <T> EntityMetadata<T> meta(T entity) {
        Objects.requireNonNull(entity, "entity");
        return (EntityMetadata<T>) orm.metadata().get(entity.getClass());
    }

    /** An operation as RO-3007 names it; the call site is recorded now, at assembly, when the Orm asks for it. */
    OperationGuard.Operation operation(String name, EntityMetadata<?> entity, Object id) {
        return new OperationGuard.Operation(name, entity, id, orm.captureCallSites() ? OrmErrors.callSite() : null);
    }

    /** {@code work}, holding this EntityManager from subscription until its value, error or cancellation. */
    <T> Mono<T> guarded(OperationGuard.Operation operation, Mono<T> work) {
        return guard.hold(operation, work);
    }

    /** {@code work}, holding this EntityManager from subscription until it completes, fails or is cancelled. */
    <T> Flux<T> guarded(OperationGuard.Operation operation, Flux<T> work) {
        return guard.hold(operation, work);
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
