package io.reactiveorm.unitofwork;

import io.reactiveorm.internal.OrmErrors;
import io.reactiveorm.metadata.EntityMetadata;
import io.reactiveorm.metadata.PropertyMetadata;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Breaks cycles among the rows a flush deletes: a row whose foreign key (as last read, the snapshot)
 * points to a row deleted by the same or an earlier DELETE would make that DELETE fail, so the key is
 * set to NULL first, by one UPDATE per entity type and set of cut columns. Only nullable keys can be
 * cut; a cycle of non-nullable keys fails the flush before any statement. The instances and their
 * snapshots are left alone: the rows are deleted right after, and a failed flush rolls the cut back.
 * A nullable key to the row's own row is cut too. Removed references that were never loaded have no
 * known foreign keys and cut nothing.
 *
 * <p>Thread-safety: stateless.
 */
final class ForeignKeyCutCalculator {

    private ForeignKeyCutCalculator() {
    }

    /**
     * The cut updates for deletes run in the given order: each group one update of the cut columns
     * (version-checked like any update, but the version stays, since the DELETE checks it again).
     */
    static List<ChangeSetGroup> cuts(List<ChangeSetGroup> deletes) {
        if (deletes.stream().allMatch(group -> group.meta.toOnes().length == 0)) {
            return List.of();
        }
        Map<Object, Integer> statement = new IdentityHashMap<>();
        Map<Object, EntityEntry> deleted = new IdentityHashMap<>();
        for (int i = 0; i < deletes.size(); i++) {
            for (ChangeSet cs : deletes.get(i).changeSets) {
                statement.put(cs.entry.entity, i);
                deleted.put(cs.entry.entity, cs.entry);
            }
        }
        Map<List<Object>, ChangeSetGroup> cuts = new LinkedHashMap<>();
        for (int i = 0; i < deletes.size(); i++) {
            EntityMetadata<?> meta = deletes.get(i).meta;
            if (meta.toOnes().length == 0) {
                continue;
            }
            for (ChangeSet cs : deletes.get(i).changeSets) {
                List<PropertyMetadata> cut = cutColumns(cs.entry, i, statement, deleted);
                if (!cut.isEmpty()) {
                    Object[] values = cs.entry.snapshot.clone();
                    for (PropertyMetadata column : cut) {
                        values[column.index()] = null;
                    }
                    cuts.computeIfAbsent(List.of(meta, cut),
                                    k -> new ChangeSetGroup(meta, ChangeSet.Kind.UPDATE, cut.toArray(PropertyMetadata[]::new), false))
                            .changeSets.add(new ChangeSet(cs.entry, ChangeSet.Kind.UPDATE, values));
                }
            }
        }
        return List.copyOf(cuts.values());
    }

    /**
     * The foreign keys of a row to rows deleted no later than it, its own row included: MariaDB and MySQL
     * refuse to delete a row that references itself (InnoDB checks the key as the row goes). A required
     * key to its own row cannot be cut; PostgreSQL and H2 delete such a row, MariaDB refuses it.
     */
    private static List<PropertyMetadata> cutColumns(EntityEntry entry, int at, Map<Object, Integer> statement,
                                                     Map<Object, EntityEntry> deleted) {
        if (!entry.initialized) {
            return List.of();
        }
        List<PropertyMetadata> cut = new ArrayList<>(1);
        for (PropertyMetadata toOne : entry.meta.toOnes()) {
            Object target = entry.snapshot[toOne.index()];
            Integer targetAt = target == null ? null : statement.get(target);
            if (targetAt == null || targetAt > at) {
                continue;
            }
            if (toOne.nullable()) {
                cut.add(toOne);
                continue;
            }
            if (target == entry.entity) {
                continue;
            }
            List<String> cycle = requiredCycle(entry, toOne, deleted);
            if (cycle != null) {
                throw OrmErrors.unbreakableDeleteCycle(cycle);
            }
            // no cycle of required keys: only the order of the types puts the target first; the database decides
        }
        return cut;
    }

    /**
     * The references {@code entry.toOne -> ... -> entry} through non-nullable keys of deleted rows, each
     * as {@code "Entity id.property -> Target id"}, or null when the target does not lead back that way.
     */
    private static List<String> requiredCycle(EntityEntry entry, PropertyMetadata toOne, Map<Object, EntityEntry> deleted) {
        Map<Object, Object> cameFrom = new IdentityHashMap<>();
        Map<Object, PropertyMetadata> through = new IdentityHashMap<>();
        Object start = entry.snapshot[toOne.index()];
        cameFrom.put(start, entry.entity);
        through.put(start, toOne);
        ArrayDeque<Object> queue = new ArrayDeque<>();
        queue.add(start);
        while (!queue.isEmpty()) {
            EntityEntry at = deleted.get(queue.poll());
            if (!at.initialized) {
                continue;
            }
            for (PropertyMetadata next : at.meta.toOnes()) {
                Object target = at.snapshot[next.index()];
                if (next.nullable() || target == null || !deleted.containsKey(target) || cameFrom.containsKey(target)) {
                    continue;
                }
                cameFrom.put(target, at.entity);
                through.put(target, next);
                if (target == entry.entity) {
                    return describe(target, cameFrom, through, deleted);
                }
                queue.add(target);
            }
        }
        return null;
    }

    private static List<String> describe(Object last, Map<Object, Object> cameFrom, Map<Object, PropertyMetadata> through,
                                         Map<Object, EntityEntry> deleted) {
        List<String> edges = new ArrayList<>();
        Object to = last;
        do {
            Object from = cameFrom.get(to);
            EntityEntry source = deleted.get(from);
            EntityEntry target = deleted.get(to);
            edges.add(0, source.meta.name() + " " + source.id + "." + through.get(to).name()
                    + " -> " + target.meta.name() + " " + target.id);
            to = from;
        } while (to != last);
        return edges;
    }
}
