package io.reactiveorm.unitofwork;

import io.reactiveorm.EntityCollection;
import io.reactiveorm.internal.CollectionInternals;
import io.reactiveorm.metadata.RelationMetadata;
import io.reactiveorm.metadata.RelationSide;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes the elements read for a relation without a column into its owners, keeping what memory
 * knows better than the database. The collection's snapshot is what was read (the database state the
 * next flush diffs against); its elements are what memory says: a read element whose to-one was
 * changed to another owner, or that is removed, is left out; a new or changed entity pointing at the
 * owner (its to-one, or the initialized owning side of a many-to-many) is added. The owning side of a
 * many-to-many takes the rows as they are (without removed entities).
 *
 * <p>Thread-safety: stateless; the unit of work and entities it is given are not thread-safe.
 */
final class RelationHydrator {

    private RelationHydrator() {
    }

    /**
     * @param owners the instances whose relation was read (each gets its relation set, empty when nothing was read)
     * @param read   per owner (by identity), the managed elements the rows gave, in row order
     */
    static void hydrate(UnitOfWork uow, RelationMetadata relation, Collection<Object> owners, Map<Object, List<Object>> read) {
        Map<Object, List<Object>> extras = inMemory(uow, relation, owners);
        for (Object owner : owners) {
            List<Object> rows = read.getOrDefault(owner, List.of());
            List<Object> added = extras.getOrDefault(owner, List.of());
            if (!relation.isCollection()) {
                relation.set(owner, firstPointingBack(uow, relation, rows, owner, added));
                continue;
            }
            EntityCollection<?> collection = (EntityCollection<?>) relation.get(owner);
            CollectionInternals.setLoaded(collection, rows);
            for (Object element : rows) {
                if (!pointsBack(uow, relation, element, owner)) {
                    CollectionInternals.removeWithoutSync(collection, element);
                }
            }
            for (Object element : added) {
                CollectionInternals.addWithoutSync(collection, element);
            }
        }
    }

    private static Object firstPointingBack(UnitOfWork uow, RelationMetadata relation, List<Object> rows, Object owner,
                                            List<Object> added) {
        for (Object element : rows) {
            if (pointsBack(uow, relation, element, owner)) {
                return element;
            }
        }
        return added.isEmpty() ? null : added.get(0);
    }

    /**
     * Whether memory agrees that a read element belongs to the owner (memory is silent when the other side
     * is not loaded). The owning side of a many-to-many is its own truth: changes reach it only while it is
     * loaded, so a read row of it stands, whatever a loaded (possibly stale) inverse side says.
     */
    private static boolean pointsBack(UnitOfWork uow, RelationMetadata relation, Object element, Object owner) {
        if (!uow.contains(element)) {
            return false;
        }
        if (relation.isOwningManyToMany()) {
            return true;
        }
        if (relation.kind() != RelationSide.Kind.MANY_TO_MANY) {
            return relation.inverseToOne().get(element) == owner;
        }
        EntityCollection<?> otherSide = relation.other() == null ? null : (EntityCollection<?>) relation.other().get(element);
        return otherSide == null || !otherSide.isInitialized() || otherSide.contains(owner);
    }

    /** Per owner, the loaded entities that point at it in memory; the database rows may not have them yet. */
    private static Map<Object, List<Object>> inMemory(UnitOfWork uow, RelationMetadata relation, Collection<Object> owners) {
        Set<Object> wanted = Collections.newSetFromMap(new IdentityHashMap<>());
        wanted.addAll(owners);
        Map<Object, List<Object>> found = new IdentityHashMap<>();
        if (relation.isOwningManyToMany()) {
            return found;
        }
        uow.forEachLoaded(relation.target(), element -> {
            if (relation.kind() != RelationSide.Kind.MANY_TO_MANY) {
                Object owner = relation.inverseToOne().get(element);
                if (owner != null && wanted.contains(owner)) {
                    found.computeIfAbsent(owner, o -> new ArrayList<>()).add(element);
                }
                return;
            }
            EntityCollection<?> otherSide = (EntityCollection<?>) relation.other().get(element);
            if (otherSide != null && otherSide.isInitialized()) {
                for (Object owner : CollectionInternals.elementsOf(otherSide)) {
                    if (wanted.contains(owner)) {
                        found.computeIfAbsent(owner, o -> new ArrayList<>()).add(element);
                    }
                }
            }
        });
        return found;
    }
}
