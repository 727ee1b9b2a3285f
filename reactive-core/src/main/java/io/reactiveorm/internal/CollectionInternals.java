package io.reactiveorm.internal;

import io.reactiveorm.EntityCollection;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.function.Function;

/**
 * The unit of work's access to the state of an {@link EntityCollection} that the collection does not
 * expose to applications: loading it, and the snapshot a flush diffs against. Implemented inside
 * EntityCollection, which registers itself when its class is initialised. Not API.
 */
public abstract class CollectionInternals {

    private static volatile CollectionInternals instance;

    /** Called once by EntityCollection's static initialiser. */
    public static void register(CollectionInternals internals) {
        instance = internals;
    }

    private static CollectionInternals get() {
        CollectionInternals internals = instance;
        if (internals == null) {
            // the static initialiser of EntityCollection registers the implementation
            new EntityCollection<>(new Object());
            internals = instance;
        }
        return internals;
    }

    /** The elements as last loaded or flushed. */
    public static Object[] snapshotOf(EntityCollection<?> collection) {
        return get().snapshot(collection);
    }

    /** The live element list, in order; read-only for callers. */
    public static List<?> elementsOf(EntityCollection<?> collection) {
        return get().elements(collection);
    }

    /** Takes the current elements as the snapshot (after a flush wrote them). */
    public static void snapshotNow(EntityCollection<?> collection) {
        get().takeSnapshot(collection);
    }

    /** Empties the snapshot: none of the elements is in the database (the owner is new). */
    public static void forgetSnapshot(EntityCollection<?> collection) {
        get().clearSnapshot(collection);
    }

    /** Empties the collection and marks it not initialised; {@code load} loads it into the collection. */
    public static void markUninitialized(EntityCollection<?> collection, Function<EntityCollection<?>, Mono<Void>> load) {
        get().uninitialize(collection, load);
    }

    /** Sets the loaded elements, the snapshot with them, and marks the collection initialised. */
    public static void setLoaded(EntityCollection<?> collection, List<?> elements) {
        get().hydrate(collection, elements);
    }

    /** Adds an element without touching the other side (the other side already says so). */
    public static void addWithoutSync(EntityCollection<?> collection, Object element) {
        get().addLoaded(collection, element);
    }

    /** Removes an element without touching the other side. */
    public static void removeWithoutSync(EntityCollection<?> collection, Object element) {
        get().removeLoaded(collection, element);
    }

    /** Puts back elements as they were, without touching the other side, the snapshot or whether it is loaded. */
    public static void replaceElements(EntityCollection<?> collection, List<?> elements) {
        get().replace(collection, elements);
    }

    protected abstract Object[] snapshot(EntityCollection<?> collection);

    protected abstract List<?> elements(EntityCollection<?> collection);

    protected abstract void takeSnapshot(EntityCollection<?> collection);

    protected abstract void clearSnapshot(EntityCollection<?> collection);

    protected abstract void uninitialize(EntityCollection<?> collection, Function<EntityCollection<?>, Mono<Void>> load);

    protected abstract void hydrate(EntityCollection<?> collection, List<?> elements);

    protected abstract void addLoaded(EntityCollection<?> collection, Object element);

    protected abstract void removeLoaded(EntityCollection<?> collection, Object element);

    protected abstract void replace(EntityCollection<?> collection, List<?> elements);
}
