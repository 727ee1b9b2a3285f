package io.reactiveorm.unitofwork;

import io.reactiveorm.EntityCollection;
import io.reactiveorm.internal.CollectionInternals;
import io.reactiveorm.metadata.EntityMetadata;
import io.reactiveorm.query.Query;
import io.reactiveorm.spi.DriverConnection;
import io.reactiveorm.spi.Join;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Populates with the joined strategy: one query LEFT JOINing every relation of a {@link PopulatePlan},
 * whose rows (root columns, then each join's target columns) are folded back into entities: each row
 * part is merged (one instance per id, unflushed changes kept), every element is counted once per
 * owner however many rows repeat it, and the relations are then set as select-in sets them
 * ({@link RelationHydrator}), so both strategies give the same graph.
 *
 * <p>Thread-safety: not thread-safe; one fold per query, inside one operation of its EntityManager.
 */
final class JoinedRowFolder {

    private final UnitOfWork uow;
    private final EntityMetadata<?> root;
    private final boolean refresh;
    private final List<Join> joins = new ArrayList<>();
    private final List<PopulatePlan.Node> nodes = new ArrayList<>();
    /** Per join, the owners reached and, per owner, the elements read, in row order. */
    private final List<Map<Object, Set<Object>>> read = new ArrayList<>();
    private final Set<Object> roots = Collections.newSetFromMap(new IdentityHashMap<>());
    private final List<Object> rootsInOrder = new ArrayList<>();

    private JoinedRowFolder(UnitOfWork uow, PopulatePlan plan, boolean refresh) {
        this.uow = uow;
        this.root = plan.root();
        this.refresh = refresh;
        flatten(plan.nodes(), 0);
    }

    /**
     * The entities a query selects, with the plan's relations, from one joined query; then, select-in,
     * whatever the rows cannot reach (see {@link #continueFromMemory}).
     */
    static <T> Flux<T> select(Populator populator, DriverConnection connection, EntityMetadata<T> meta, Query<T> query,
                              PopulatePlan plan) {
        JoinedRowFolder folder = new JoinedRowFolder(populator.uow, plan, query.refresh());
        return connection.selectJoined(meta, query, folder.joins)
                .doOnNext(folder::fold)
                .thenMany(Flux.defer(() -> {
                    List<Object> roots = folder.finish();
                    return folder.continueFromMemory(populator, connection).thenMany(Flux.fromIterable(roots)).map(meta.type()::cast);
                }));
    }

    /** The plan's nodes depth-first as joins, each pointing at the position of the entity it starts from. */
    private void flatten(List<PopulatePlan.Node> level, int from) {
        for (PopulatePlan.Node node : level) {
            joins.add(new Join(from, node.toOne(), node.relation()));
            nodes.add(node);
            read.add(new IdentityHashMap<>());
            flatten(node.children(), joins.size());
        }
    }

    private void fold(Object[] row) {
        Object[] instances = new Object[joins.size() + 1];
        int width = root.properties().length;
        instances[0] = uow.mergeResult(root, Arrays.copyOfRange(row, 0, width), refresh);
        if (instances[0] == null) {
            return; // a root removed in memory is left out, with what its row joined
        }
        if (roots.add(instances[0])) {
            rootsInOrder.add(instances[0]);
        }
        int offset = width;
        for (int i = 0; i < joins.size(); i++) {
            EntityMetadata<?> target = joins.get(i).target();
            int end = offset + target.properties().length;
            Object owner = instances[joins.get(i).from()];
            if (owner != null) {
                // by identity, in row order: entities may define equals() on fields that other rows share
                Set<Object> elements = read.get(i).computeIfAbsent(owner, o -> new IdentityLinkedSet());
                if (row[offset + target.id().index()] != null) {
                    instances[i + 1] = uow.merge(target, Arrays.copyOfRange(row, offset, end), false);
                    elements.add(instances[i + 1]);
                }
            }
            offset = end;
        }
    }

    /** Sets the relations read (those not loaded before); returns the roots in row order. */
    private List<Object> finish() {
        for (int i = 0; i < joins.size(); i++) {
            PopulatePlan.Node node = nodes.get(i);
            if (node.isToOne()) {
                continue;
            }
            List<Object> owners = new ArrayList<>();
            Map<Object, List<Object>> elements = new IdentityHashMap<>();
            for (Map.Entry<Object, Set<Object>> e : read.get(i).entrySet()) {
                Object value = node.relation().get(e.getKey());
                if (!(value instanceof EntityCollection<?> collection) || !collection.isInitialized()) {
                    owners.add(e.getKey());
                    elements.put(e.getKey(), new ArrayList<>(e.getValue()));
                }
            }
            RelationHydrator.hydrate(uow, node.relation(), owners, elements);
        }
        return rootsInOrder;
    }

    /**
     * The rows follow the database's foreign keys, while a path continues from what memory holds, as
     * select-in does: an element added to a collection that was loaded already (moved in from another
     * owner) and a to-one pointed elsewhere are in no row. Those are populated select-in, with the rest
     * of their path; with nothing in memory changed, nothing is sent.
     */
    private Mono<Void> continueFromMemory(Populator populator, DriverConnection connection) {
        List<Mono<Void>> loads = new ArrayList<>();
        for (int i = 0; i < joins.size(); i++) {
            PopulatePlan.Node node = nodes.get(i);
            List<Object> unreached = new ArrayList<>();
            for (Map.Entry<Object, Set<Object>> e : read.get(i).entrySet()) {
                Object value = node.isToOne() ? node.toOne().get(e.getKey()) : node.relation().get(e.getKey());
                Collection<?> inMemory = value instanceof EntityCollection<?> collection ? CollectionInternals.elementsOf(collection)
                        : value == null ? List.of() : List.of(value);
                for (Object element : inMemory) {
                    if (!e.getValue().contains(element)) {
                        // a to-one's owner is loaded again (its target may be an unloaded reference); an element goes on from its children
                        unreached.add(node.isToOne() ? e.getKey() : element);
                    }
                }
            }
            List<PopulatePlan.Node> rest = node.isToOne() ? List.of(node) : node.children();
            if (!unreached.isEmpty() && !rest.isEmpty()) {
                loads.add(Mono.defer(() -> populator.populate(connection, rest, Populator.distinct(unreached))));
            }
        }
        return Flux.concat(loads).then();
    }

    /** A set of instances compared by identity that iterates in insertion order. */
    private static final class IdentityLinkedSet extends AbstractSet<Object> {
        private final Set<Object> members = Collections.newSetFromMap(new IdentityHashMap<>());
        private final List<Object> order = new ArrayList<>();

        @Override
        public boolean add(Object element) {
            if (!members.add(element)) {
                return false;
            }
            order.add(element);
            return true;
        }

        @Override
        public boolean contains(Object element) {
            return members.contains(element);
        }

        @Override
        public Iterator<Object> iterator() {
            return Collections.unmodifiableList(order).iterator();
        }

        @Override
        public int size() {
            return order.size();
        }
    }
}
