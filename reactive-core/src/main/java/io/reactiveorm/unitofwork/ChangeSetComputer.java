package io.reactiveorm.unitofwork;

import io.reactiveorm.EntityCollection;
import io.reactiveorm.internal.OrmErrors;
import io.reactiveorm.metadata.EntityMetadata;
import io.reactiveorm.metadata.IdGeneration;
import io.reactiveorm.metadata.PropertyMetadata;
import io.reactiveorm.metadata.RelationMetadata;
import io.reactiveorm.metadata.RelationSide;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Diffs the unit of work against its snapshots and plans the writes: NEW -> insert, managed and
 * different -> update of the changed columns only, removed -> delete (children first, a cycle among
 * the deleted rows broken by {@link ForeignKeyCutCalculator}; deletes of entities no foreign key
 * references before everything else). Pure: reads the unit of work, changes nothing.
 */
final class ChangeSetComputer {

    /** Stable: moves the groups that {@link ChangeSetGroup#runsFirst() run first} to the front, keeping every other order. */
    private static final Comparator<ChangeSetGroup> FIRST_DELETES_FIRST = Comparator.comparing(group -> !group.runsFirst());

    private ChangeSetComputer() {
    }

    static FlushPlan compute(UnitOfWork uow) {
        Map<Object, ChangeSetGroup> inserts = new LinkedHashMap<>();
        Map<Object, ChangeSetGroup> updates = new LinkedHashMap<>();
        Map<Object, ChangeSetGroup> deletes = new LinkedHashMap<>();
        LinkChangeComputer links = new LinkChangeComputer(uow);
        for (EntityEntry entry : uow.newEntries) {
            if (entry.state != EntityState.NEW) {
                continue;
            }
            planInsert(entry, inserts);
            if (entry.meta.relations().length > 0) {
                links.diff(entry);
            }
        }
        for (Map<Object, EntityEntry> entries : uow.identityMap.all()) {
            for (EntityEntry entry : entries.values()) {
                if (entry.state == EntityState.MANAGED) {
                    planUpdate(entry, updates);
                    if (entry.initialized && entry.meta.relations().length > 0) {
                        links.diff(entry);
                    }
                }
            }
        }
        for (EntityEntry entry : uow.removedEntries) {
            if (entry.meta.joinTables().length > 0) {
                links.purge(entry);
            }
            boolean versionChecked = entry.meta.version() != null && entry.initialized;
            deletes.computeIfAbsent(List.of(entry.meta, versionChecked),
                            k -> new ChangeSetGroup(entry.meta, ChangeSet.Kind.DELETE, null, versionChecked))
                    .changeSets.add(new ChangeSet(entry, ChangeSet.Kind.DELETE, null));
        }
        List<ChangeSetGroup> groups = new ArrayList<>(inserts.size() + updates.size() + deletes.size());
        boolean relations = !links.isEmpty() || hasRelations(inserts.values()) || hasRelations(updates.values())
                || hasRelations(deletes.values());
        if (!relations) {
            groups.addAll(inserts.values());
            groups.addAll(updates.values());
            groups.addAll(deletes.values());
            groups.sort(FIRST_DELETES_FIRST);
            return new FlushPlan(groups, null, null, List.of());
        }
        List<ChangeSetGroup> orderedInserts = inCommitOrder(inserts.values(), false);
        Map<Object, ChangeSet> insertedEntities = new IdentityHashMap<>();
        for (ChangeSetGroup group : orderedInserts) {
            parentsFirst(group);
            for (ChangeSet cs : group.changeSets) {
                insertedEntities.put(cs.entry.entity, cs);
            }
        }
        groups.addAll(orderedInserts);
        groups.addAll(updates.values());
        List<ChangeSetGroup> orderedDeletes = new ArrayList<>();
        for (ChangeSetGroup group : inCommitOrder(deletes.values(), true)) {
            orderedDeletes.addAll(leavesFirst(group));
        }
        groups.addAll(orderedDeletes);
        groups.sort(FIRST_DELETES_FIRST);
        return new FlushPlan(groups, insertedEntities, links.isEmpty() ? null : links,
                ForeignKeyCutCalculator.cuts(orderedDeletes));
    }

    private static boolean hasRelations(Collection<ChangeSetGroup> groups) {
        for (ChangeSetGroup group : groups) {
            if (group.meta.toOnes().length > 0) {
                return true;
            }
        }
        return false;
    }

    /** Groups sorted by the commit order of their types (parents first, or children first when reversed); stable. */
    private static List<ChangeSetGroup> inCommitOrder(Collection<ChangeSetGroup> groups, boolean reverse) {
        Set<EntityMetadata<?>> types = new LinkedHashSet<>();
        for (ChangeSetGroup group : groups) {
            types.add(group.meta);
        }
        List<EntityMetadata<?>> order = CommitOrderCalculator.insertOrder(types);
        if (reverse) {
            Collections.reverse(order);
        }
        List<ChangeSetGroup> sorted = new ArrayList<>(groups);
        sorted.sort(Comparator.comparingInt(group -> order.indexOf(group.meta)));
        return sorted;
    }

    /** Within one self-referencing group, rows whose parent is in the group come after that parent. */
    private static void parentsFirst(ChangeSetGroup group) {
        PropertyMetadata[] selfReferences = selfReferences(group.meta);
        if (selfReferences.length == 0) {
            return;
        }
        Map<ChangeSet, Integer> depths = depths(group, selfReferences, cs -> cs.values);
        group.changeSets.sort(Comparator.comparingInt(depths::get));
    }

    /**
     * A self-referencing delete group split into one group per level, deepest first, so no statement
     * deletes a parent before its children: databases that check foreign keys row by row (MariaDB, H2)
     * reject a single {@code DELETE ... IN} that reaches a parent first. Levels follow the foreign keys
     * as last read (the snapshots; a removed reference has none and counts as a root); other groups are
     * returned as they are.
     */
    private static List<ChangeSetGroup> leavesFirst(ChangeSetGroup group) {
        PropertyMetadata[] selfReferences = selfReferences(group.meta);
        if (selfReferences.length == 0 || group.changeSets.size() < 2) {
            return List.of(group);
        }
        Map<ChangeSet, Integer> depths = depths(group, selfReferences,
                cs -> cs.entry.initialized ? cs.entry.snapshot : null);
        Map<Integer, ChangeSetGroup> levels = new TreeMap<>(Comparator.reverseOrder());
        for (ChangeSet cs : group.changeSets) {
            levels.computeIfAbsent(depths.get(cs), d -> new ChangeSetGroup(group.meta, group.kind, group.columns, group.flag))
                    .changeSets.add(cs);
        }
        return List.copyOf(levels.values());
    }

    /**
     * {@link SelfReferenceDepthCalculator#depths} of a group, following the self-references in the rows
     * {@code values} gives (a null row has no parent).
     */
    private static Map<ChangeSet, Integer> depths(ChangeSetGroup group, PropertyMetadata[] selfReferences,
                                                  Function<ChangeSet, Object[]> values) {
        Map<Object, ChangeSet> byEntity = new IdentityHashMap<>();
        for (ChangeSet cs : group.changeSets) {
            byEntity.put(cs.entry.entity, cs);
        }
        return SelfReferenceDepthCalculator.depths(group.changeSets, cs -> {
            Object[] row = values.apply(cs);
            ChangeSet parent = null;
            for (int i = 0; row != null && parent == null && i < selfReferences.length; i++) {
                parent = byEntity.get(row[selfReferences[i].index()]);
            }
            return parent;
        });
    }

    private static PropertyMetadata[] selfReferences(EntityMetadata<?> meta) {
        return Arrays.stream(meta.toOnes()).filter(p -> p.target() == meta).toArray(PropertyMetadata[]::new);
    }

    /** Whether any pending change touches the entity type (for auto-flush before a query). */
    static boolean hasChanges(UnitOfWork uow, EntityMetadata<?> meta) {
        for (EntityEntry entry : uow.newEntries) {
            if (entry.meta == meta && entry.state == EntityState.NEW) {
                return true;
            }
        }
        for (EntityEntry entry : uow.removedEntries) {
            if (entry.meta == meta) {
                return true;
            }
        }
        Collection<EntityEntry> managed = uow.identityMap.entriesOf(meta);
        for (EntityEntry entry : managed) {
            if (entry.state == EntityState.MANAGED && firstChange(entry) >= 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the flush would write join rows (the same diff, {@link LinkChangeComputer}) of a managed
     * entity's loaded owning many-to-many whose both ends a query can see: a filter path through the join
     * table always names both.
     */
    static boolean hasLinkChanges(UnitOfWork uow, Set<EntityMetadata<?>> types) {
        LinkChangeComputer links = new LinkChangeComputer(uow);
        for (EntityMetadata<?> meta : types) {
            if (!ownsLinksTo(meta, types)) {
                continue;
            }
            for (EntityEntry entry : uow.identityMap.entriesOf(meta)) {
                if (entry.state == EntityState.MANAGED && entry.initialized) {
                    links.diff(entry);
                }
            }
        }
        return links.writesLinksTo(types);
    }

    private static boolean ownsLinksTo(EntityMetadata<?> meta, Set<EntityMetadata<?>> targets) {
        for (RelationMetadata relation : meta.relations()) {
            if (relation.isOwningManyToMany() && targets.contains(relation.target())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a removed entity has a cascade-REMOVE one-to-many that is not loaded and leads (directly or
     * through further cascading one-to-manies) to one of the types: the flush loads it and removes its
     * elements ({@link CascadeRemoveLoader}), so a query on those types must flush first.
     */
    static boolean hasUnloadedCascadeRemoval(UnitOfWork uow, Set<EntityMetadata<?>> types) {
        for (EntityEntry entry : uow.removedEntries) {
            if (entry.state != EntityState.REMOVED) {
                continue;
            }
            for (RelationMetadata relation : entry.meta.relations()) {
                if (relation.kind() == RelationSide.Kind.ONE_TO_MANY && relation.cascadesRemove()
                        && relation.get(entry.entity) instanceof EntityCollection<?> collection && !collection.isInitialized()
                        && cascadeReaches(relation.target(), types, new HashSet<>())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean cascadeReaches(EntityMetadata<?> meta, Set<EntityMetadata<?>> types, Set<EntityMetadata<?>> seen) {
        if (types.contains(meta)) {
            return true;
        }
        if (!seen.add(meta)) {
            return false;
        }
        for (RelationMetadata relation : meta.relations()) {
            if (relation.cascadesRemove() && cascadeReaches(relation.target(), types, seen)) {
                return true;
            }
        }
        for (PropertyMetadata toOne : meta.toOnes()) {
            if (toOne.cascadesRemove() && cascadeReaches(toOne.target(), types, seen)) {
                return true;
            }
        }
        return false;
    }

    private static void planInsert(EntityEntry entry, Map<Object, ChangeSetGroup> inserts) {
        EntityMetadata<?> meta = entry.meta;
        Object[] values = meta.snapshot(entry.entity);
        Object id = values[meta.id().index()];
        if (entry.id != null && !meta.id().sameValue(id, entry.id)) {
            throw OrmErrors.idChanged(meta.name(), entry.id, id, " after persist");
        }
        boolean generatedByDatabase = meta.idGeneration() == IdGeneration.IDENTITY && id == null;
        inserts.computeIfAbsent(List.of(meta, generatedByDatabase),
                        k -> new ChangeSetGroup(meta, ChangeSet.Kind.INSERT, insertColumns(meta, generatedByDatabase), generatedByDatabase))
                .changeSets.add(new ChangeSet(entry, ChangeSet.Kind.INSERT, values));
    }

    private static PropertyMetadata[] insertColumns(EntityMetadata<?> meta, boolean withoutId) {
        PropertyMetadata[] all = meta.properties();
        if (!withoutId) {
            return all;
        }
        PropertyMetadata[] columns = new PropertyMetadata[all.length - 1];
        int i = 0;
        for (PropertyMetadata p : all) {
            if (!p.isId()) {
                columns[i++] = p;
            }
        }
        return columns;
    }

    private static void planUpdate(EntityEntry entry, Map<Object, ChangeSetGroup> updates) {
        int first = firstChange(entry);
        if (first < 0) {
            return;
        }
        EntityMetadata<?> meta = entry.meta;
        Object[] values = meta.snapshot(entry.entity);
        Object currentId = values[meta.id().index()];
        if (!meta.id().sameValue(currentId, entry.id)) {
            // checked first: a reference whose id changed is otherwise told to load itself, which its new id cannot
            throw OrmErrors.idChanged(meta.name(), entry.id, currentId, "");
        }
        if (!entry.initialized) {
            throw OrmErrors.uninitializedChanged(meta.name(), entry.id);
        }
        PropertyMetadata[] properties = meta.properties();
        BitSet changed = new BitSet(properties.length);
        for (int i = first; i < properties.length; i++) {
            if (!properties[i].sameValue(values[i], entry.snapshot[i])) {
                changed.set(i);
            }
        }
        PropertyMetadata version = meta.version();
        if (version != null) {
            changed.clear(version.index());
        }
        if (changed.isEmpty()) {
            return;
        }
        updates.computeIfAbsent(List.of(meta, changed), k -> new ChangeSetGroup(meta, ChangeSet.Kind.UPDATE, updateColumns(meta, changed), false))
                .changeSets.add(new ChangeSet(entry, ChangeSet.Kind.UPDATE, values));
    }

    private static PropertyMetadata[] updateColumns(EntityMetadata<?> meta, BitSet changed) {
        PropertyMetadata version = meta.version();
        PropertyMetadata[] columns = new PropertyMetadata[changed.cardinality() + (version == null ? 0 : 1)];
        int c = 0;
        for (int i = changed.nextSetBit(0); i >= 0; i = changed.nextSetBit(i + 1)) {
            columns[c++] = meta.properties()[i];
        }
        if (version != null) {
            columns[c] = version;
        }
        return columns;
    }

    /** Index of the first property differing from the snapshot, or -1; reads without allocating. */
    private static int firstChange(EntityEntry entry) {
        PropertyMetadata[] properties = entry.meta.properties();
        for (int i = 0; i < properties.length; i++) {
            PropertyMetadata p = properties[i];
            if (!p.isVersion() && !p.sameValue(p.get(entry.entity), entry.snapshot[i])) {
                return i;
            }
        }
        return -1;
    }
}
