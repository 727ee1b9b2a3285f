package io.reactiveorm.unitofwork;

import io.reactiveorm.EntityCollection;
import io.reactiveorm.internal.CollectionInternals;
import io.reactiveorm.metadata.RelationMetadata;
import io.reactiveorm.metadata.RelationSide;
import io.reactiveorm.spi.DriverConnection;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Before a flush: loads the one-to-many collections marked cascade REMOVE of removed entities that were
 * never loaded, so their elements are removed too (and theirs, level by level). Each relation loads as
 * populate loads it ({@link Populator}): one {@code SELECT ... WHERE fk IN (...)} (on PostgreSQL
 * {@code = ANY}) per relation and level, and the same rules for what memory knows better.
 * Without it a removed author whose books were not loaded would fail on the books' foreign key.
 *
 * <p>Thread-safety: stateless; runs in the EntityManager's operation.
 */
public final class CascadeRemoveLoader {

    private CascadeRemoveLoader() {
    }

    /**
     * Loads and removes, level by level, until no removed entity has such a collection left; cold.
     *
     * @param read runs a read on the connection the flush uses (or a pooled one)
     */
    public static Mono<Void> load(UnitOfWork uow,
                                  Function<Function<DriverConnection, Publisher<Void>>, Flux<Void>> read) {
        return Mono.defer(() -> {
            // orphans are removed entities too: mark them first so their cascading collections load as well
            RelationCascader.cascade(uow);
            Map<RelationMetadata, List<EntityEntry>> pending = pending(uow);
            if (pending.isEmpty()) {
                return Mono.empty();
            }
            return Flux.fromIterable(pending.entrySet())
                    .concatMap(e -> loadLevel(uow, read, e.getKey(), e.getValue()))
                    .then(load(uow, read));
        });
    }

    /** Removed entries with a cascading one-to-many that is not initialised, by relation. */
    private static Map<RelationMetadata, List<EntityEntry>> pending(UnitOfWork uow) {
        Map<RelationMetadata, List<EntityEntry>> pending = new LinkedHashMap<>();
        for (EntityEntry entry : uow.removedEntries) {
            if (entry.state != EntityState.REMOVED) {
                continue;
            }
            for (RelationMetadata relation : entry.meta.relations()) {
                if (relation.kind() == RelationSide.Kind.ONE_TO_MANY && relation.cascadesRemove()
                        && relation.get(entry.entity) instanceof EntityCollection<?> collection && !collection.isInitialized()) {
                    pending.computeIfAbsent(relation, r -> new ArrayList<>()).add(entry);
                }
            }
        }
        return pending;
    }

    /** Loads the relation into every owner (as populate does), then removes the elements it loaded. */
    private static Mono<Void> loadLevel(UnitOfWork uow, Function<Function<DriverConnection, Publisher<Void>>, Flux<Void>> read,
                                        RelationMetadata relation, List<EntityEntry> owners) {
        List<Object> entities = new ArrayList<>(owners.size());
        for (EntityEntry owner : owners) {
            entities.add(owner.entity);
        }
        return read.apply(connection -> new Populator(uow).loadRelation(connection, relation, entities))
                .then(Mono.fromRunnable(() -> {
                    for (Object owner : entities) {
                        uow.loadedByFlush(owner, relation);
                        EntityCollection<?> collection = (EntityCollection<?>) relation.get(owner);
                        for (Object element : List.copyOf(CollectionInternals.elementsOf(collection))) {
                            uow.remove(relation.target(), element);
                        }
                    }
                }));
    }
}
