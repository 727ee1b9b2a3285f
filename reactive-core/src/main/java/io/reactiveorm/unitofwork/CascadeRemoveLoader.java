package io.reactiveorm.unitofwork;

import io.reactiveorm.EntityCollection;
import io.reactiveorm.internal.CollectionInternals;
import io.reactiveorm.metadata.EntityMetadata;
import io.reactiveorm.metadata.PropertyMetadata;
import io.reactiveorm.metadata.RelationMetadata;
import io.reactiveorm.metadata.RelationSide;
import io.reactiveorm.query.Filter;
import io.reactiveorm.query.Query;
import io.reactiveorm.spi.DriverConnection;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Before a flush: loads the one-to-many collections marked cascade REMOVE of removed entities that were
 * never loaded, so their elements are removed too (and theirs, level by level): one
 * {@code SELECT ... WHERE fk IN (...)} per relation and level, ids in chunks of {@value #IDS_PER_QUERY}.
 * Without it a removed author whose books were not loaded would fail on the books' foreign key.
 *
 * <p>Thread-safety: stateless; runs in the EntityManager's operation.
 */
public final class CascadeRemoveLoader {

    private static final int IDS_PER_QUERY = 1_000;

    private CascadeRemoveLoader() {
    }

    /**
     * Loads and removes, level by level, until no removed entity has such a collection left; cold.
     *
     * @param read runs a read on the connection the flush uses (or a pooled one)
     */
    public static Mono<Void> load(UnitOfWork uow, Function<Function<DriverConnection, Publisher<Object[]>>, Flux<Object[]>> read) {
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

    private static Mono<Void> loadLevel(UnitOfWork uow, Function<Function<DriverConnection, Publisher<Object[]>>, Flux<Object[]>> read,
                                        RelationMetadata relation, List<EntityEntry> owners) {
        EntityMetadata<?> target = relation.target();
        PropertyMetadata backReference = relation.inverseToOne();
        List<List<Object>> chunks = new ArrayList<>();
        for (int from = 0; from < owners.size(); from += IDS_PER_QUERY) {
            List<Object> ids = new ArrayList<>();
            for (EntityEntry owner : owners.subList(from, Math.min(owners.size(), from + IDS_PER_QUERY))) {
                ids.add(owner.id);
            }
            chunks.add(ids);
        }
        return Flux.fromIterable(chunks)
                .concatMap(ids -> read.apply(connection -> connection.select(target,
                        Query.of(target.type()).where(Filter.in(backReference.name(), ids)))))
                .map(row -> uow.merge(target, row, false))
                .collectList()
                .doOnNext(children -> {
                    Map<Object, List<Object>> byOwner = new IdentityHashMap<>();
                    for (Object child : children) {
                        byOwner.computeIfAbsent(backReference.get(child), o -> new ArrayList<>()).add(child);
                    }
                    for (EntityEntry owner : owners) {
                        List<Object> elements = byOwner.getOrDefault(owner.entity, List.of());
                        CollectionInternals.setLoaded((EntityCollection<?>) relation.get(owner.entity), elements);
                        for (Object element : elements) {
                            uow.remove(target, element);
                        }
                    }
                })
                .then();
    }
}
