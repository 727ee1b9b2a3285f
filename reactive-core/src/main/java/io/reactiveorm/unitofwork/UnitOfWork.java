package io.reactiveorm.unitofwork;

import io.reactiveorm.EntityCollection;
import io.reactiveorm.internal.CollectionInternals;
import io.reactiveorm.internal.OrmErrors;
import io.reactiveorm.metadata.EntityMetadata;
import io.reactiveorm.metadata.IdGeneration;
import io.reactiveorm.metadata.PropertyMetadata;
import io.reactiveorm.metadata.RelationMetadata;
import reactor.core.publisher.Mono;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The in-memory side of an EntityManager: which instances are managed, in which state, and what
 * they looked like when last read or written. Everything here is synchronous and does no I/O; the
 * EntityManager drives the I/O and hands results back ({@link #merge}, {@link #apply}).
 *
 * <p>Thread-safety: not thread-safe; one EntityManager uses it one operation at a time.
 */
public final class UnitOfWork {

    final IdentityMap identityMap = new IdentityMap();
    /** The entries without an id yet (new instances whose id the database generates), by instance. */
    private final Map<Object, EntityEntry> unkeyed = new IdentityHashMap<>();
    /** The mapped class of every instance registered here, for finding an instance's entry by its id. */
    private final Map<Class<?>, EntityMetadata<?>> types = new HashMap<>();
    /** The entries persisted since the last flush, in order; those {@link EntityState#FORGOTTEN} since are skipped. */
    final List<EntityEntry> newEntries = new ArrayList<>();
    /** The entries removed since the last flush, in order; a set, as re-persisting one takes it out. */
    final Set<EntityEntry> removedEntries = new LinkedHashSet<>();
    private final RelationLoader relationLoader;
    /** Records what cascades change while a flush plans ({@link #beginFlush}); otherwise null. */
    private FlushJournal journal;

    /**
     * @param relationLoader loads a not-initialised collection of a managed entity (what
     *                       {@link EntityCollection#load()} runs); {@code null} when loading is not possible
     */
    public UnitOfWork(RelationLoader relationLoader) {
        this.relationLoader = relationLoader;
    }

    /** Loads one relation of one managed entity into that entity (cold). */
    @FunctionalInterface
    public interface RelationLoader {
        Mono<Void> load(Object owner, RelationMetadata relation);
    }

    /** Marks a new instance for insert; re-persisting a removed instance cancels its removal. */
    public void persist(EntityMetadata<?> meta, Object entity) {
        EntityEntry entry = entryOf(entity);
        if (entry != null) {
            if (entry.state == EntityState.REMOVED) {
                entry.state = EntityState.MANAGED;
                removedEntries.remove(entry);
                if (journal != null) {
                    EntityEntry revived = entry;
                    journal.record(() -> {
                        revived.state = EntityState.REMOVED;
                        removedEntries.add(revived);
                    });
                }
                RemoveCascader.undo(this, entry);
            }
            return;
        }
        Object id = meta.id().get(entity);
        if (id == null && meta.idGeneration() == IdGeneration.ASSIGNED) {
            throw OrmErrors.invalidArgument("Cannot persist " + meta.name() + ": its id '" + meta.id().name()
                    + "' is assigned by the application (no @GeneratedValue) and is null");
        }
        entry = new EntityEntry(meta, entity, EntityState.NEW);
        entry.initialized = true;
        if (id != null) {
            if (identityMap.get(meta, id) != null) {
                throw OrmErrors.idCollision(meta.name(), id);
            }
            entry.id = id;
        }
        // an instance deleted by an earlier flush may still hold the snapshots of its old rows: a new row has no links yet
        for (RelationMetadata relation : meta.relations()) {
            if (relation.get(entity) instanceof EntityCollection<?> collection) {
                CollectionInternals.forgetSnapshot(collection);
            }
        }
        register(entry);
        newEntries.add(entry);
        if (journal != null) {
            EntityEntry persisted = entry;
            journal.record(() -> {
                forget(persisted);
                persisted.state = EntityState.FORGOTTEN;
            });
        }
    }

    /**
     * Marks a managed instance for delete; a new one is simply forgotten. Cascades REMOVE to the loaded
     * targets of relations marked so, and takes the instance out of the loaded collections of the
     * other sides.
     */
    public void remove(EntityMetadata<?> meta, Object entity) {
        EntityEntry entry = entryOf(entity);
        if (entry == null) {
            throw OrmErrors.notManaged(meta.name(), meta.id().get(entity), "remove");
        }
        if (entry.state == EntityState.NEW) {
            forget(entry);
            entry.state = EntityState.FORGOTTEN;
            if (journal != null) {
                EntityEntry forgotten = entry;
                journal.record(() -> {
                    register(forgotten);
                    forgotten.state = EntityState.NEW;
                });
            }
        } else if (entry.state == EntityState.MANAGED) {
            entry.state = EntityState.REMOVED;
            entry.removedWith(null); // set by the cascade that removes it, if one does
            removedEntries.add(entry);
            if (journal != null) {
                EntityEntry removed = entry;
                journal.record(() -> {
                    removed.state = EntityState.MANAGED;
                    removedEntries.remove(removed);
                });
            }
        } else {
            return;
        }
        if (entry.initialized && (meta.toOnes().length > 0 || meta.relations().length > 0)) {
            RemoveCascader.cascade(this, entry);
        }
    }

    /** The managed instance of that id, or {@code null}. */
    public Object find(EntityMetadata<?> meta, Object id) {
        EntityEntry entry = identityMap.get(meta, id);
        return entry == null ? null : entry.entity;
    }

    /** Whether the instance of that id is managed but was never loaded (a reference). */
    public boolean isInitialized(Object entity) {
        EntityEntry entry = entryOf(entity);
        return entry == null || entry.initialized;
    }

    /** The managed instance of that id, or a new uninitialized one with only its id set. */
    public Object reference(EntityMetadata<?> meta, Object id) {
        EntityEntry existing = identityMap.get(meta, id);
        if (existing != null) {
            return existing.entity;
        }
        Object entity = meta.newInstance();
        meta.id().set(entity, id);
        uninitializeCollections(meta, entity);
        EntityEntry entry = new EntityEntry(meta, entity, EntityState.MANAGED);
        entry.id = id;
        entry.snapshot = meta.snapshot(entity);
        register(entry);
        return entity;
    }

    /**
     * Every loaded instance of a type that is managed or new and not removed (references are left out:
     * their relations are unknown), for populate to find in-memory relations the database does not have yet.
     */
    public void forEachLoaded(EntityMetadata<?> meta, Consumer<Object> action) {
        for (EntityEntry entry : identityMap.entriesOf(meta)) {
            if (entry.initialized && entry.state != EntityState.REMOVED) {
                action.accept(entry.entity);
            }
        }
        for (EntityEntry entry : newEntries) {
            if (entry.id == null && entry.meta == meta && entry.state == EntityState.NEW) {
                action.accept(entry.entity);
            }
        }
    }

    /** Whether nothing is managed: no flush has anything to write and no cascade anything to reach. */
    public boolean isEmpty() {
        return unkeyed.isEmpty() && identityMap.isEmpty();
    }

    public boolean contains(Object entity) {
        EntityEntry entry = entryOf(entity);
        return entry != null && entry.state != EntityState.REMOVED;
    }

    /** The metadata-checked id of a managed instance, for refresh; fails when it is not managed. */
    public Object managedId(EntityMetadata<?> meta, Object entity, String operation) {
        EntityEntry entry = entryOf(entity);
        if (entry != null && entry.state == EntityState.NEW) {
            throw OrmErrors.notFlushed(meta.name(), meta.id().get(entity), operation);
        }
        if (entry == null || entry.id == null) {
            throw OrmErrors.notManaged(meta.name(), meta.id().get(entity), operation);
        }
        return entry.id;
    }

    /**
     * Turns a row read from the database (column values) into the managed instance: the existing
     * one when the id is in the identity map (overwritten only when {@code refresh} is set or it was
     * an uninitialized reference), else a new managed instance.
     */
    public Object merge(EntityMetadata<?> meta, Object[] row, boolean refresh) {
        return mergeEntry(meta, row, refresh).entity;
    }

    /**
     * {@link #merge} for a row a query returns: {@code null} when its instance is removed in memory (not
     * flushed yet), which a query leaves out of its result as {@code findOne} by id does.
     */
    public Object mergeResult(EntityMetadata<?> meta, Object[] row, boolean refresh) {
        EntityEntry entry = mergeEntry(meta, row, refresh);
        return entry.state == EntityState.REMOVED ? null : entry.entity;
    }

    private EntityEntry mergeEntry(EntityMetadata<?> meta, Object[] row, boolean refresh) {
        PropertyMetadata[] properties = meta.properties();
        for (int i = 0; i < properties.length; i++) {
            row[i] = properties[i].fromColumnValue(row[i]);
        }
        Object id = row[meta.id().index()];
        EntityEntry entry = identityMap.get(meta, id);
        if (entry != null) {
            if (refresh || !entry.initialized) {
                resolveReferences(meta, row);
                meta.hydrate(entry.entity, refresh ? row : keepingChanges(entry, row));
                entry.snapshot = row;
                if (entry.initialized) {
                    // a refresh overwrites the in-memory state, collections included: they load again on demand
                    uninitializeCollections(meta, entry.entity);
                }
                entry.initialized = true;
            }
            return entry;
        }
        Object entity = meta.newInstance();
        uninitializeCollections(meta, entity);
        entry = new EntityEntry(meta, entity, EntityState.MANAGED);
        entry.id = id;
        entry.snapshot = row;
        entry.initialized = true;
        register(entry);
        // after registering: a row referencing itself gets this instance, not a second one
        resolveReferences(meta, row);
        meta.hydrate(entity, row);
        return entry;
    }

    /**
     * The row to hydrate a reference with, keeping what was set on the reference before it loaded (it
     * differs from the id-only snapshot): the row does not overwrite an in-memory change, and the next
     * flush writes it as an update.
     */
    private static Object[] keepingChanges(EntityEntry reference, Object[] row) {
        PropertyMetadata[] properties = reference.meta.properties();
        Object[] hydrated = row;
        for (int i = 0; i < properties.length; i++) {
            Object current = properties[i].get(reference.entity);
            if (!properties[i].isId() && !properties[i].sameValue(current, reference.snapshot[i])) {
                if (hydrated == row) {
                    hydrated = row.clone();
                }
                hydrated[i] = current;
            }
        }
        return hydrated;
    }

    /**
     * The collections of an instance read from the database are not loaded: each is marked so, with a
     * loader, and reading it fails until it is loaded. A collection field left null is given one.
     */
    private void uninitializeCollections(EntityMetadata<?> meta, Object entity) {
        for (RelationMetadata relation : meta.relations()) {
            if (!relation.isCollection()) {
                continue;
            }
            EntityCollection<?> collection = (EntityCollection<?>) relation.get(entity);
            if (collection == null) {
                collection = new EntityCollection<>(entity);
                relation.set(entity, collection);
            }
            unload(entity, relation, collection);
        }
    }

    private void unload(Object owner, RelationMetadata relation, EntityCollection<?> collection) {
        CollectionInternals.markUninitialized(collection, relationLoader == null ? null : c -> relationLoader.load(owner, relation));
    }

    /**
     * Records that the flush loaded {@code owner}'s collection to cascade a removal: a revert unloads it
     * again, or the retry would find it loaded and not cascade through it.
     */
    void loadedByFlush(Object owner, RelationMetadata relation) {
        if (journal != null) {
            EntityCollection<?> collection = (EntityCollection<?>) relation.get(owner);
            journal.recordLoaded(() -> unload(owner, relation, collection));
        }
    }

    /** Replaces the target ids of to-one columns by the managed instance of that id, else a reference: never a query. */
    private void resolveReferences(EntityMetadata<?> meta, Object[] row) {
        for (PropertyMetadata toOne : meta.toOnes()) {
            Object targetId = row[toOne.index()];
            if (targetId != null) {
                row[toOne.index()] = reference(toOne.target(), targetId);
            }
        }
    }

    /**
     * Starts a flush: from now until {@link #computeFlushPlan} returns, what cascades change in memory is
     * recorded in the returned journal, which a flush that fails or is rolled back reverts.
     */
    public FlushJournal beginFlush() {
        // no journal of an earlier flush can bring a forgotten entry back any more
        newEntries.removeIf(entry -> entry.state == EntityState.FORGOTTEN);
        journal = new FlushJournal(this);
        return journal;
    }

    void stopJournal(FlushJournal stopped) {
        if (journal == stopped) {
            journal = null;
        }
    }

    /**
     * Plans the next flush. The only changes it makes are cascades: new entities reachable through
     * relations marked PERSIST are persisted, orphans removed; recorded in the journal of
     * {@link #beginFlush}, which stops recording here.
     */
    public FlushPlan computeFlushPlan() {
        try {
            RelationCascader.cascade(this);
            return ChangeSetComputer.compute(this);
        } finally {
            if (journal != null) {
                journal.keep();
            }
        }
    }

    /** Takes an element out of a loaded collection without syncing the other side; recorded while a flush plans. */
    void removeFromCollection(EntityCollection<?> collection, Object element) {
        if (journal != null) {
            journal.recordCollection(collection);
        }
        CollectionInternals.removeWithoutSync(collection, element);
    }

    /** Puts an element into a loaded collection without syncing the other side; recorded while a flush plans. */
    void addToCollection(EntityCollection<?> collection, Object element) {
        if (journal != null) {
            journal.recordCollection(collection);
        }
        CollectionInternals.addWithoutSync(collection, element);
    }

    /**
     * Whether a flush would write any of the entity types (auto-flush before a query). Cascade PERSIST runs
     * first, as the flush would run it, so a new entity reachable only through a relation counts; a
     * pending orphan of a type counts too, but is not removed here (it may still move to another owner).
     */
    public boolean hasChangesFor(Set<EntityMetadata<?>> types) {
        if (RelationCascader.cascadeForQuery(this, types)) {
            return true;
        }
        for (EntityMetadata<?> meta : types) {
            if (ChangeSetComputer.hasChanges(this, meta)) {
                return true;
            }
        }
        return ChangeSetComputer.hasLinkChanges(this, types) || ChangeSetComputer.hasUnloadedCascadeRemoval(this, types);
    }

    /**
     * Applies a flush that committed: writes generated ids and versions into the instances, takes the
     * written values as new snapshots, registers inserted instances and forgets deleted ones.
     */
    public void apply(FlushPlan plan) {
        Set<Object> deleted = Collections.newSetFromMap(new IdentityHashMap<>());
        int keyed = 0;
        for (ChangeSetGroup group : plan.groups) {
            for (ChangeSet cs : group.changeSets) {
                switch (cs.kind) {
                    case INSERT -> keyed += applyInsert(cs) ? 1 : 0;
                    case UPDATE -> applyUpdate(group, cs);
                    case DELETE -> {
                        forget(cs.entry);
                        // a revived owner would otherwise keep the deleted entry in its removedAlong
                        cs.entry.removedWith(null);
                        deleted.add(cs.entry.entity);
                    }
                }
            }
        }
        // the instances that got their id now live in the identity map: in one go (usually all of them),
        // not one IdentityHashMap removal each
        if (keyed > 0) {
            if (keyed == unkeyed.size()) {
                unkeyed.clear();
            } else {
                unkeyed.values().removeIf(entry -> entry.id != null);
            }
        }
        newEntries.removeIf(entry -> entry.state != EntityState.NEW);
        removedEntries.removeIf(entry -> entryOf(entry.entity) != entry);
        snapshotCollections(deleted);
    }

    /**
     * After a flush: every initialised collection's elements are what the database now holds. Deleted
     * entities leave the collections that still list them (those whose other side was not loaded when
     * the entity was removed), and the inverse one-to-ones that still point at them ({@code person.profile}
     * of a deleted profile), which would otherwise make every later flush fail on an unmanaged target.
     */
    private void snapshotCollections(Set<Object> deleted) {
        for (Map<Object, EntityEntry> byId : identityMap.all()) {
            for (EntityEntry entry : byId.values()) {
                if (entry.meta.relations().length == 0) {
                    break;
                }
                for (RelationMetadata relation : entry.meta.relations()) {
                    if (!relation.isCollection()) {
                        if (!deleted.isEmpty() && deleted.contains(relation.get(entry.entity))) {
                            relation.set(entry.entity, null);
                        }
                        continue;
                    }
                    if (relation.get(entry.entity) instanceof EntityCollection<?> collection && collection.isInitialized()) {
                        if (!deleted.isEmpty()) {
                            for (Object element : List.copyOf(CollectionInternals.elementsOf(collection))) {
                                if (deleted.contains(element)) {
                                    CollectionInternals.removeWithoutSync(collection, element);
                                }
                            }
                        }
                        CollectionInternals.snapshotNow(collection);
                    }
                }
            }
        }
    }

    /** Applies an insert; true when the instance got its id with it (it leaves {@link #unkeyed}, see {@link #apply}). */
    private boolean applyInsert(ChangeSet cs) {
        EntityEntry entry = cs.entry;
        EntityMetadata<?> meta = entry.meta;
        if (cs.generatedId != null) {
            meta.id().set(entry.entity, cs.generatedId);
            cs.values[meta.id().index()] = cs.generatedId;
        }
        entry.snapshot = cs.values;
        applyVersion(cs);
        entry.state = EntityState.MANAGED;
        if (entry.id != null) {
            return false;
        }
        entry.id = cs.id();
        identityMap.put(entry);
        return true;
    }

    private static void applyUpdate(ChangeSetGroup group, ChangeSet cs) {
        EntityEntry entry = cs.entry;
        for (PropertyMetadata column : group.columns) {
            entry.snapshot[column.index()] = cs.values[column.index()];
        }
        applyVersion(cs);
    }

    private static void applyVersion(ChangeSet cs) {
        PropertyMetadata version = cs.entry.meta.version();
        if (version != null && cs.newVersion != null) {
            version.set(cs.entry.entity, cs.newVersion);
            cs.entry.snapshot[version.index()] = cs.newVersion;
            cs.values[version.index()] = cs.newVersion;
        }
    }

    /**
     * The entry of this very instance, or {@code null} when it is not registered here. Found by its
     * type and id in the identity map, so that reading thousands of rows does not take the identity
     * hash of every instance; an instance without an id yet is looked up by identity. An instance whose
     * id was changed after it was read is not found (its flush fails naming the change).
     */
    EntityEntry entryOf(Object entity) {
        EntityMetadata<?> meta = typeOf(entity.getClass());
        if (meta == null) {
            return null;
        }
        Object id = meta.id().get(entity);
        if (id != null) {
            EntityEntry keyed = identityMap.get(meta, id);
            if (keyed != null && keyed.entity == entity) {
                return keyed;
            }
        }
        return unkeyed.isEmpty() ? null : unkeyed.get(entity);
    }

    /**
     * The metadata of the instances of {@code type} registered here: its own, or that of a mapped
     * superclass (a cascade may reach an instance of an anonymous subclass), remembered for the next time.
     */
    private EntityMetadata<?> typeOf(Class<?> type) {
        EntityMetadata<?> meta = types.get(type);
        if (meta != null || types.isEmpty()) {
            return meta;
        }
        for (Class<?> mapped = type.getSuperclass(); mapped != null; mapped = mapped.getSuperclass()) {
            meta = types.get(mapped);
            if (meta != null) {
                types.put(type, meta);
                return meta;
            }
        }
        return null;
    }

    private void register(EntityEntry entry) {
        types.putIfAbsent(entry.entity.getClass(), entry.meta);
        if (entry.id != null) {
            identityMap.put(entry);
        } else {
            unkeyed.put(entry.entity, entry);
        }
    }

    private void forget(EntityEntry entry) {
        if (entry.id != null) {
            identityMap.remove(entry);
        } else {
            unkeyed.remove(entry.entity);
        }
    }

    /** Forgets every managed instance and pending change. */
    public void clear() {
        identityMap.clear();
        unkeyed.clear();
        types.clear();
        newEntries.clear();
        removedEntries.clear();
    }
}
