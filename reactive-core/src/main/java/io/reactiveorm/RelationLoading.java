package io.reactiveorm;

import io.reactiveorm.internal.OrmErrors;
import io.reactiveorm.metadata.EntityMetadata;
import io.reactiveorm.query.Query;
import io.reactiveorm.unitofwork.PopulatePlan;
import io.reactiveorm.unitofwork.Populator;
import io.reactiveorm.unitofwork.UnitOfWork;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.ArrayList;
import java.util.List;

/**
 * The relation-loading operations of one EntityManager: populate, finds with populate paths and
 * {@code collection.load()}. Arguments are checked at assembly; the work runs as an operation held by
 * the EntityManager's guard, on its connection (the transaction's, if it is bound to one).
 *
 * <p>Thread-safety: not thread-safe, like its EntityManager.
 */
final class RelationLoading {

    private final DefaultEntityManager em;
    private final UnitOfWork uow;
    private final Populator populator;

    RelationLoading(DefaultEntityManager em, UnitOfWork uow) {
        this.em = em;
        this.uow = uow;
        this.populator = new Populator(uow);
    }

    <T> Mono<List<T>> populateAll(Iterable<? extends T> entities, String... paths) {
        List<T> owners = new ArrayList<>();
        entities.forEach(owners::add);
        if (paths.length == 0) {
            throw OrmErrors.invalidArgument("populate needs at least one relation path, e.g. \"books\" or \"*\"");
        }
        if (owners.isEmpty()) {
            return Mono.just(owners);
        }
        EntityMetadata<?> meta = em.meta(owners.get(0));
        for (T owner : owners) {
            if (em.meta(owner) != meta) {
                throw OrmErrors.invalidArgument("populate needs entities of one type, got " + meta.name() + " and "
                        + owner.getClass().getSimpleName() + "; populate each type on its own");
            }
        }
        PopulatePlan plan = PopulatePlan.parse(meta, List.of(paths));
        return em.guarded(em.operation("populate", meta, null), Mono.defer(() -> {
            for (T owner : owners) {
                if (!uow.contains(owner)) {
                    return Mono.error(OrmErrors.notManaged(meta.name(), meta.id().get(owner), "populate"));
                }
            }
            return em.read(connection -> populator.populate(connection, plan, owners)).then(Mono.just(owners));
        }));
    }

    /** The entities a query with populate paths selects, relations loaded (unguarded: part of the caller's find). */
    <T> Flux<T> select(EntityMetadata<T> meta, Query<T> query) {
        PopulatePlan plan = PopulatePlan.parse(meta, query.populate());
        return Flux.defer(() -> em.read(connection -> populator.select(connection, meta, query, plan)));
    }
}
