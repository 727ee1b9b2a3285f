package io.reactiveorm.unitofwork;

import io.reactiveorm.EntityCollection;
import io.reactiveorm.internal.CollectionInternals;
import io.reactiveorm.metadata.PropertyMetadata;
import io.reactiveorm.metadata.RelationMetadata;
import io.reactiveorm.metadata.RelationSide;

import java.util.List;

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
        for (PropertyMetadata toOne : removed.meta.toOnes()) {
            Object target = toOne.get(entity);
            if (target == null || !uow.entries.containsKey(target)) {
                continue;
            }
            for (RelationMetadata inverse : toOne.target().relations()) {
                if (inverse.inverseToOne() == toOne && inverse.get(target) instanceof EntityCollection<?> collection
                        && collection.isInitialized()) {
                    CollectionInternals.removeWithoutSync(collection, entity);
                }
            }
            if (toOne.cascadesRemove()) {
                uow.remove(toOne.target(), target);
            }
        }
        for (RelationMetadata relation : removed.meta.relations()) {
            Object value = relation.get(entity);
            if (!(value instanceof EntityCollection<?> collection)) {
                if (value != null && relation.cascadesRemove() && uow.entries.containsKey(value)) {
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
                        CollectionInternals.removeWithoutSync(other, entity);
                    }
                }
            }
            if (relation.cascadesRemove()) {
                for (Object element : elements) {
                    if (uow.entries.containsKey(element)) {
                        uow.remove(relation.target(), element);
                    }
                }
            }
        }
    }
}
