package io.reactiveorm.unitofwork;

import io.reactiveorm.EntityCollection;
import io.reactiveorm.internal.CollectionInternals;
import io.reactiveorm.metadata.EntityMetadata;
import io.reactiveorm.metadata.PropertyMetadata;
import io.reactiveorm.metadata.RelationMetadata;
import io.reactiveorm.metadata.RelationSide;
import io.reactiveorm.query.LoadStrategy;
import io.reactiveorm.query.Query;
import io.reactiveorm.spi.DriverConnection;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Populates relations with the select-in strategy: per node of a {@link PopulatePlan}, one query for
 * all the owners of that level (split only at the bind-parameter limit), never one per owner. Rows
 * go through {@link UnitOfWork#merge} without refresh, so managed instances keep their unflushed
 * changes; relations already loaded are not read again, and their elements are what the next level
 * starts from.
 *
 * <p>Thread-safety: not thread-safe; runs inside one operation of its EntityManager.
 */
public final class Populator {

    final UnitOfWork uow;

    public Populator(UnitOfWork uow) {
        this.uow = uow;
    }

    /**
     * The entities a query selects, merged like any find, then the plan loaded into them; all on one
     * connection. The roots are collected first, so they are emitted once every relation is loaded.
     * With {@link LoadStrategy#JOINED}, one LEFT JOIN query folded by {@link JoinedRowFolder} instead.
     */
    public <T> Flux<T> select(DriverConnection connection, EntityMetadata<T> meta, Query<T> query, PopulatePlan plan) {
        if (query.strategy() == LoadStrategy.JOINED) {
            return JoinedRowFolder.select(this, connection, meta, query, plan);
        }
        return connection.select(meta, query)
                .mapNotNull(row -> meta.type().cast(uow.mergeResult(meta, row, query.refresh())))
                .collectList()
                .flatMapMany(roots -> populate(connection, plan, roots).thenMany(Flux.fromIterable(roots)));
    }

    /** Loads the plan into {@code owners} (managed instances of the plan's root type), level by level, on one connection. */
    public Mono<Void> populate(DriverConnection connection, PopulatePlan plan, Collection<?> owners) {
        return populate(connection, plan.nodes(), distinct(owners));
    }

    /** Loads {@code nodes} (and their children) into {@code owners}, distinct managed instances of the nodes' owning type. */
    Mono<Void> populate(DriverConnection connection, List<PopulatePlan.Node> nodes, List<Object> owners) {
        if (owners.isEmpty()) {
            return Mono.empty();
        }
        return Flux.fromIterable(nodes)
                .concatMap(node -> node.isToOne() ? populateToOne(connection, node, owners) : populateRelation(connection, node, owners))
                .then();
    }

    /** Loads a to-one of every owner, then the node's children into the targets it points at (gathered once for both). */
    private Mono<Void> populateToOne(DriverConnection connection, PopulatePlan.Node node, List<Object> owners) {
        PropertyMetadata toOne = node.toOne();
        List<Object> targets = targets(toOne, owners);
        EntityMetadata<?> meta = toOne.target();
        List<Object> ids = new ArrayList<>();
        for (Object target : targets) {
            if (!uow.isInitialized(target)) {
                ids.add(meta.id().get(target));
            }
        }
        return connection.selectIn(meta, meta.id(), ids)
                .doOnNext(row -> uow.merge(meta, row, false))
                .then(children(connection, node, () -> targets));
    }

    /** Loads a relation without a column of every owner, then the node's children into the entities it reached. */
    private Mono<Void> populateRelation(DriverConnection connection, PopulatePlan.Node node, List<Object> owners) {
        return loadRelation(connection, node.relation(), owners)
                .then(children(connection, node, () -> reached(node.relation(), owners)));
    }

    /** The node's children loaded into the owners {@code reached} gathers, when it has children (gathered only then). */
    private Mono<Void> children(DriverConnection connection, PopulatePlan.Node node, Supplier<List<Object>> reached) {
        return node.children().isEmpty() ? Mono.empty() : Mono.defer(() -> populate(connection, node.children(), reached.get()));
    }

    /** Loads one relation without a column of every owner that needs it. */
    Mono<Void> loadRelation(DriverConnection connection, RelationMetadata relation, List<Object> owners) {
        Map<Object, Object> toLoad = new LinkedHashMap<>();
        PropertyMetadata ownerId = relation.owner().id();
        for (Object owner : owners) {
            if (needsLoading(relation, owner)) {
                toLoad.put(ownerId.get(owner), owner);
            }
        }
        List<Object> ids = new ArrayList<>(toLoad.keySet());
        EntityMetadata<?> target = relation.target();
        Map<Object, List<Object>> read = new IdentityHashMap<>();
        Flux<Object[]> rows;
        if (relation.kind() == RelationSide.Kind.MANY_TO_MANY) {
            int width = target.properties().length;
            rows = connection.selectLinked(relation.joinTable(), ids).doOnNext(row -> {
                Object owner = toLoad.get(ownerId.fromColumnValue(row[width]));
                add(read, owner, uow.merge(target, Arrays.copyOf(row, width), false));
            });
        } else {
            PropertyMetadata foreignKey = relation.inverseToOne();
            rows = connection.selectIn(target, foreignKey, ids).doOnNext(row -> {
                Object owner = toLoad.get(foreignKey.fromColumnValue(row[foreignKey.index()]));
                add(read, owner, uow.merge(target, row, false));
            });
        }
        return ids.isEmpty() ? Mono.empty()
                : rows.then(Mono.fromRunnable(() -> RelationHydrator.hydrate(uow, relation, toLoad.values(), read)));
    }

    /** Whether the relation of an owner is unknown: a collection not initialized, or any inverse one-to-one of a row. */
    private boolean needsLoading(RelationMetadata relation, Object owner) {
        if (relation.isCollection()) {
            return !((EntityCollection<?>) relation.get(owner)).isInitialized();
        }
        return uow.contains(owner) && uow.isInitialized(owner) && relation.owner().id().get(owner) != null;
    }

    /** The targets the to-one of {@code owners} points at, each once. */
    private static List<Object> targets(PropertyMetadata toOne, List<Object> owners) {
        List<Object> targets = new ArrayList<>();
        for (Object owner : owners) {
            Object target = toOne.get(owner);
            if (target != null) {
                targets.add(target);
            }
        }
        return distinct(targets);
    }

    private static List<Object> reached(RelationMetadata relation, List<Object> owners) {
        List<Object> elements = new ArrayList<>();
        for (Object owner : owners) {
            Object value = relation.get(owner);
            if (value instanceof EntityCollection<?> collection) {
                elements.addAll(CollectionInternals.elementsOf(collection));
            } else if (value != null) {
                elements.add(value);
            }
        }
        return distinct(elements);
    }

    private static void add(Map<Object, List<Object>> read, Object owner, Object element) {
        if (owner != null) {
            read.computeIfAbsent(owner, o -> new ArrayList<>()).add(element);
        }
    }

    /** The instances in order, each once (by identity). */
    static List<Object> distinct(Collection<?> instances) {
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Object> out = new ArrayList<>(instances.size());
        for (Object instance : instances) {
            if (seen.add(instance)) {
                out.add(instance);
            }
        }
        return out;
    }
}
