package io.reactiveorm.unitofwork;

import io.reactiveorm.EntityCollection;
import io.reactiveorm.internal.CollectionInternals;
import io.reactiveorm.metadata.EntityMetadata;
import io.reactiveorm.metadata.PropertyMetadata;
import io.reactiveorm.metadata.RelationMetadata;
import io.reactiveorm.metadata.RelationSide;

import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * What removing an entity does to the entities around it, in memory: removes the loaded targets of
 * relations marked cascade REMOVE (recursively, through {@link UnitOfWork#remove}), and takes the
 * entity out of the initialised collections that list it, so they match what the flush will leave.
 * Collections that are not initialised are not loaded here.
 */
final class RemoveCascader {

    private RemoveCascader() {
    }

    static void cascade(UnitOfWork uow, EntityEntry removed) {
        Object entity = removed.entity;
        toOnes(uow, removed, uow::removeFromCollection, PropertyMetadata::cascadesRemove, uow::remove);
        for (RelationMetadata relation : removed.meta.relations()) {
            Object value = relation.get(entity);
            if (!(value instanceof EntityCollection<?> collection)) {
                if (value != null && relation.cascadesRemove() && uow.entryOf(value) != null) {
                    uow.remove(relation.target(), value);
                }
                continue;
            }
            if (!collection.isInitialized()) {
                continue;
            }
            List<?> elements = List.copyOf(CollectionInternals.elementsOf(collection));
            if (relation.kind() == RelationSide.Kind.MANY_TO_MANY && relation.other() != null) {
                for (Object element : elements) {
                    if (relation.other().get(element) instanceof EntityCollection<?> other && other.isInitialized()) {
                        uow.removeFromCollection(other, entity);
                    }
                }
            }
            if (relation.cascadesRemove()) {
                // an element given another owner since the collection was loaded (book.setAuthor(other)) is not
                // this entity's any more: the database and a load of the collection would not list it either
                PropertyMetadata back = relation.kind() == RelationSide.Kind.ONE_TO_MANY ? relation.inverseToOne() : null;
                for (Object element : elements) {
                    EntityEntry elementEntry = uow.entryOf(element);
                    if (elementEntry != null && (back == null || back.get(element) == entity)) {
                        boolean removedHere = elementEntry.state == EntityState.MANAGED;
                        uow.remove(relation.target(), element);
                        if (removedHere && back != null) {
                            elementEntry.removedWith(removed);
                        }
                    }
                }
            }
        }
    }

    /**
     * Persisting a removed entity again takes back what {@link #cascade} did: it returns to the loaded
     * collections it was taken out of, and the targets removed with it through cascading relations are
     * persisted again (cascade PERSIST of a removed entity cancels its removal, as in JPA).
     */
    static void undo(UnitOfWork uow, EntityEntry revived) {
        Object entity = revived.entity;
        toOnes(uow, revived, uow::addToCollection, PropertyMetadata::cascadesPersist, uow::persist);
        for (RelationMetadata relation : revived.meta.relations()) {
            Object value = relation.get(entity);
            if (!(value instanceof EntityCollection<?> collection)) {
                if (value != null && relation.cascadesPersist() && uow.entryOf(value) != null) {
                    uow.persist(relation.target(), value);
                }
                continue;
            }
            if (relation.kind() == RelationSide.Kind.ONE_TO_MANY && relation.cascadesPersist()) {
                // the children its removal cascaded to left this collection then: the removal that took them
                // lists them (one removed on its own before stays removed)
                for (EntityEntry removed : revived.removedAlong()) {
                    if (uow.removedEntries.contains(removed) && removed.meta == relation.target()
                            && relation.inverseToOne().get(removed.entity) == entity) {
                        uow.persist(relation.target(), removed.entity);
                    }
                }
            }
            if (!collection.isInitialized()) {
                continue;
            }
            for (Object element : List.copyOf(CollectionInternals.elementsOf(collection))) {
                if (relation.kind() == RelationSide.Kind.MANY_TO_MANY && relation.other() != null
                        && relation.other().get(element) instanceof EntityCollection<?> other && other.isInitialized()) {
                    uow.addToCollection(other, entity);
                }
                if (relation.cascadesPersist() && uow.entryOf(element) != null) {
                    uow.persist(relation.target(), element);
                }
            }
        }
    }

    /**
     * For each managed to-one target of an entry: applies {@code onCollection} to the target's loaded
     * collections mapped by that to-one (with the entry's entity), then {@code cascade} to the target when
     * the to-one {@code cascades}.
     */
    private static void toOnes(UnitOfWork uow, EntityEntry entry, BiConsumer<EntityCollection<?>, Object> onCollection,
                               Predicate<PropertyMetadata> cascades, BiConsumer<EntityMetadata<?>, Object> cascade) {
        for (PropertyMetadata toOne : entry.meta.toOnes()) {
            Object target = toOne.get(entry.entity);
            if (target == null || uow.entryOf(target) == null) {
                continue;
            }
            for (RelationMetadata inverse : toOne.target().relations()) {
                if (inverse.inverseToOne() == toOne && inverse.get(target) instanceof EntityCollection<?> collection
                        && collection.isInitialized()) {
                    onCollection.accept(collection, entry.entity);
                }
            }
            if (cascades.test(toOne)) {
                cascade.accept(toOne.target(), target);
            }
        }
    }
}
