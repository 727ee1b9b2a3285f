package io.reactiveorm.unitofwork;

import io.reactiveorm.EntityCollection;
import io.reactiveorm.internal.CollectionInternals;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a flush changed in memory before writing: the entities its cascades persisted or removed (orphans
 * and cascade REMOVE included), the loaded collections they took removed entities out of and the
 * collections it loaded to cascade removals, so that a
 * flush that fails or is rolled back can leave the unit of work as it was ({@link #revert}). Records from
 * {@link UnitOfWork#beginFlush} until the flush has planned.
 *
 * <p>Thread-safety: not thread-safe; used by the EntityManager's one operation at a time.
 */
public final class FlushJournal {

    private final UnitOfWork uow;
    /** Undo steps, oldest first; they restore fields directly and never cascade. */
    private final List<Runnable> undo = new ArrayList<>();
    /** Each collection changed, with its elements before its first change; null until one is. */
    private Map<EntityCollection<?>, List<?>> collections;
    /** How to unload each collection the flush loaded; run last by a revert. */
    private List<Runnable> loaded;
    private boolean reverted;

    FlushJournal(UnitOfWork uow) {
        this.uow = uow;
    }

    void record(Runnable step) {
        undo.add(step);
    }

    /** A collection the flush loaded (to cascade a removal through it), and how to make it unloaded again. */
    void recordLoaded(Runnable unload) {
        if (loaded == null) {
            loaded = new ArrayList<>();
        }
        loaded.add(unload);
    }

    void recordCollection(EntityCollection<?> collection) {
        if (collections == null) {
            collections = new IdentityHashMap<>();
        }
        collections.computeIfAbsent(collection, c -> List.copyOf(CollectionInternals.elementsOf(c)));
    }

    /** Stops recording and keeps what was changed (until a {@link #revert}). */
    void keep() {
        uow.stopJournal(this);
    }

    /**
     * Takes back what was recorded, newest first, once (later calls do nothing); stops recording. For a
     * flush that failed or was rolled back before the unit of work learnt its outcome.
     */
    public void revert() {
        keep();
        if (reverted) {
            return;
        }
        reverted = true;
        for (int i = undo.size() - 1; i >= 0; i--) {
            undo.get(i).run();
        }
        if (collections != null) {
            collections.forEach(CollectionInternals::replaceElements);
        }
        // unloaded, so that the retry loads them again and cascades the removal through them anew
        if (loaded != null) {
            loaded.forEach(Runnable::run);
        }
    }
}
