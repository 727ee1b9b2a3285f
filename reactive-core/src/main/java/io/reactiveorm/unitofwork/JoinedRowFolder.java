package io.reactiveorm.unitofwork;

import io.reactiveorm.EntityCollection;
import io.reactiveorm.metadata.EntityMetadata;
import io.reactiveorm.query.Query;
import io.reactiveorm.spi.DriverConnection;
import io.reactiveorm.spi.Join;
import reactor.core.publisher.Flux;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
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

    /** The entities a query selects, with the plan's relations, from one joined query. */
    static <T> Flux<T> select(UnitOfWork uow, DriverConnection connection, EntityMetadata<T> meta, Query<T> query, PopulatePlan plan) {
        JoinedRowFolder folder = new JoinedRowFolder(uow, plan, query.refresh());
        return connection.selectJoined(meta, query, folder.joins)
                .doOnNext(folder::fold)
                .thenMany(Flux.defer(() -> Flux.fromIterable(folder.finish()).map(meta.type()::cast)));
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
        instances[0] = uow.merge(root, Arrays.copyOfRange(row, 0, width), refresh);
        if (roots.add(instances[0])) {
            rootsInOrder.add(instances[0]);
        }
        int offset = width;
        for (int i = 0; i < joins.size(); i++) {
            EntityMetadata<?> target = joins.get(i).target();
            int end = offset + target.properties().length;
            Object owner = instances[joins.get(i).from()];
            if (owner != null) {
                Set<Object> elements = read.get(i).computeIfAbsent(owner, o -> new LinkedHashSet<>());
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
}
