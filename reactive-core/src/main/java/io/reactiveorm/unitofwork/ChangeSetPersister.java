package io.reactiveorm.unitofwork;

import io.reactiveorm.internal.Chunks;
import io.reactiveorm.internal.OrmErrors;
import io.reactiveorm.metadata.EntityMetadata;
import io.reactiveorm.metadata.IdGeneration;
import io.reactiveorm.metadata.PropertyMetadata;
import io.reactiveorm.metadata.ValueType;
import io.reactiveorm.query.Filter;
import io.reactiveorm.query.Query;
import io.reactiveorm.spi.DeleteBatch;
import io.reactiveorm.spi.DriverConnection;
import io.reactiveorm.spi.InsertBatch;
import io.reactiveorm.spi.UpdateBatch;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Executes a {@link FlushPlan} on one connection: each group in batches of {@code batchSize} rows,
 * one driver call per batch, strictly in sequence. Generated ids and new versions are recorded in
 * the change sets; the unit of work takes them only after the transaction committed.
 *
 * <p>Thread-safety: thread-safe (stateless apart from the shared {@link SequenceAllocator}).
 */
public final class ChangeSetPersister {

    private final int batchSize;
    private final SequenceAllocator sequences;

    public ChangeSetPersister(int batchSize, SequenceAllocator sequences) {
        if (batchSize < 1) {
            throw OrmErrors.invalidArgument("batchSize must be at least 1, got " + batchSize);
        }
        this.batchSize = batchSize;
        this.sequences = sequences;
    }

    /**
     * Writes the plan; cold. The deletes of entities no foreign key references run first. Inserts of a
     * plan with relations run parents first; a foreign key to a
     * row of the same flush whose id is still unknown (generated in the same batch) is inserted as NULL
     * and set afterwards by one batched UPDATE per type and column, before any update or delete. Then
     * come the updates, the join rows (deleted, purged for removed entities, inserted), the foreign keys
     * set to NULL to break cycles among the deleted rows, and the deletes. Errors leave the change sets'
     * results unused.
     */
    public Mono<Void> execute(DriverConnection connection, FlushPlan plan) {
        if (plan.insertedEntities == null) {
            return run(connection, plan, plan.groups, null);
        }
        List<ForeignKeyFixup> fixups = new ArrayList<>();
        List<ChangeSetGroup> first = new ArrayList<>();
        List<ChangeSetGroup> inserts = new ArrayList<>();
        List<ChangeSetGroup> updates = new ArrayList<>();
        List<ChangeSetGroup> deletes = new ArrayList<>();
        for (ChangeSetGroup group : plan.groups) {
            (group.runsFirst() ? first : switch (group.kind) {
                case INSERT -> inserts;
                case UPDATE -> updates;
                case DELETE -> deletes;
            }).add(group);
        }
        return run(connection, plan, first, fixups)
                .then(run(connection, plan, inserts, fixups))
                .then(Mono.defer(() -> ForeignKeyFixup.execute(connection, fixups, batchSize)))
                .then(run(connection, plan, updates, fixups))
                .then(plan.links == null ? Mono.empty() : Mono.defer(() -> LinkPersister.execute(connection, plan, batchSize)))
                .then(run(connection, plan, plan.cuts, fixups))
                .then(run(connection, plan, deletes, fixups));
    }

    private Mono<Void> run(DriverConnection connection, FlushPlan plan, List<ChangeSetGroup> groups, List<ForeignKeyFixup> fixups) {
        return Flux.fromIterable(groups)
                .concatMap(group -> (group.kind == ChangeSet.Kind.INSERT ? assignIds(connection, group.meta, group.changeSets) : Mono.<Void>empty())
                        .thenMany(Flux.fromIterable(Chunks.of(group.changeSets, batchSize)))
                        .concatMap(chunk -> switch (group.kind) {
                            case INSERT -> insert(connection, plan, fixups, group, chunk);
                            case UPDATE -> update(connection, plan, fixups, group, chunk);
                            case DELETE -> delete(connection, group, chunk);
                        }))
                .then();
    }

    /**
     * The column value of one change set: a to-one pointing to a row inserted by this flush takes
     * that row's id (generated ids are known only to its change set until commit) once that row is
     * placed; before (its id not generated yet, or assigned or drawn from a sequence but its row still to
     * come), NULL now and a fix-up later, or RO-3011 when the column is required.
     */
    private static Object columnValue(FlushPlan plan, List<ForeignKeyFixup> fixups, ChangeSet cs, PropertyMetadata column) {
        Object value = valueToWrite(cs, column);
        if (!column.isToOne() || value == null || plan.insertedEntities == null) {
            return column.toColumnValue(value);
        }
        ChangeSet parent = plan.insertedEntities.get(value);
        if (parent == null) {
            return column.toColumnValue(value);
        }
        Object parentId = parent.id();
        if (parentId != null && parent.placed) {
            return column.toColumnValue(parentId);
        }
        if (!column.nullable() || cs.kind != ChangeSet.Kind.INSERT) {
            throw OrmErrors.unbreakableCycle(cs.entry.meta.name(), column.name(), parent.entry.meta.name());
        }
        fixups.add(new ForeignKeyFixup(cs, column, parent));
        return null;
    }

    private Mono<Void> insert(DriverConnection connection, FlushPlan plan, List<ForeignKeyFixup> fixups,
                              ChangeSetGroup group, List<ChangeSet> chunk) {
        EntityMetadata<?> meta = group.meta;
        return Mono.defer(() -> {
            PropertyMetadata[] columns = group.columns;
            List<Object[]> rows = new ArrayList<>(chunk.size());
            for (ChangeSet cs : chunk) {
                cs.newVersion = meta.version() == null ? null : initialVersion(meta.version(), cs.values[meta.version().index()]);
                Object[] row = new Object[columns.length];
                for (int c = 0; c < columns.length; c++) {
                    row[c] = columnValue(plan, fixups, cs, columns[c]);
                }
                rows.add(row);
                cs.placed = true;
            }
            return connection.insert(new InsertBatch(meta, columns, rows, group.flag));
        }).doOnNext(generated -> {
            if (group.flag) {
                PropertyMetadata id = meta.id();
                for (int i = 0; i < chunk.size(); i++) {
                    chunk.get(i).generatedId = id.fromColumnValue(generated[i]);
                }
            }
        }).then();
    }

    private static Object valueToWrite(ChangeSet cs, PropertyMetadata column) {
        if (column.isId() && cs.generatedId != null) {
            return cs.generatedId;
        }
        if (column.isVersion()) {
            return cs.newVersion;
        }
        return cs.values[column.index()];
    }

    /** Assigns client-side and sequence ids to a whole insert group: one sequence query per group. */
    private Mono<Void> assignIds(DriverConnection connection, EntityMetadata<?> meta, List<ChangeSet> changeSets) {
        int idIndex = meta.id().index();
        if (meta.idGeneration() == IdGeneration.UUID) {
            for (ChangeSet cs : changeSets) {
                if (cs.values[idIndex] == null) {
                    cs.generatedId = TimeOrderedUuid.next();
                }
            }
            return Mono.empty();
        }
        if (meta.idGeneration() != IdGeneration.SEQUENCE) {
            return Mono.empty();
        }
        List<ChangeSet> missing = new ArrayList<>();
        for (ChangeSet cs : changeSets) {
            if (cs.values[idIndex] == null) {
                missing.add(cs);
            }
        }
        if (missing.isEmpty()) {
            return Mono.empty();
        }
        PropertyMetadata id = meta.id();
        return sequences.allocate(connection, meta, missing.size()).doOnNext(ids -> {
            for (int i = 0; i < ids.length; i++) {
                missing.get(i).generatedId = id.fromColumnValue(ids[i]);
            }
        }).then();
    }

    private Mono<Void> update(DriverConnection connection, FlushPlan plan, List<ForeignKeyFixup> fixups,
                              ChangeSetGroup group, List<ChangeSet> chunk) {
        EntityMetadata<?> meta = group.meta;
        PropertyMetadata version = meta.version();
        PropertyMetadata[] columns = group.columns;
        Object[] ids = new Object[chunk.size()];
        Object[][] values = new Object[chunk.size()][];
        Object[] expected = version == null ? null : new Object[chunk.size()];
        for (int i = 0; i < ids.length; i++) {
            ChangeSet cs = chunk.get(i);
            ids[i] = meta.id().toColumnValue(cs.entry.id);
            if (version != null) {
                Object current = cs.entry.snapshot[version.index()];
                expected[i] = version.toColumnValue(current);
                cs.newVersion = nextVersion(version, current);
            }
            Object[] row = new Object[columns.length];
            for (int c = 0; c < columns.length; c++) {
                row[c] = columnValue(plan, fixups, cs, columns[c]);
            }
            values[i] = row;
        }
        return connection.update(new UpdateBatch(meta, columns, ids, values, expected))
                .flatMap(matched -> matched == ids.length ? Mono.<Void>empty() : stale(connection, plan, group, chunk, "update"));
    }

    private Mono<Void> delete(DriverConnection connection, ChangeSetGroup group, List<ChangeSet> chunk) {
        EntityMetadata<?> meta = group.meta;
        Object[] ids = new Object[chunk.size()];
        Object[] expected = group.flag ? new Object[chunk.size()] : null;
        for (int i = 0; i < ids.length; i++) {
            EntityEntry entry = chunk.get(i).entry;
            ids[i] = meta.id().toColumnValue(entry.id);
            if (expected != null) {
                expected[i] = meta.version().toColumnValue(entry.snapshot[meta.version().index()]);
            }
        }
        return connection.delete(new DeleteBatch(meta, ids, expected))
                .flatMap(matched -> matched == ids.length ? Mono.<Void>empty() : stale(connection, null, group, chunk, "delete"));
    }

    /**
     * Finds which rows of a batch did not match, to name them in the optimistic-lock error. Runs
     * after the batch statement, in the same transaction, so a row this flush updated already carries
     * the new version and the written values, and a row it deleted is gone. A row is stale when it is
     * missing after an update or differs from what the update wrote, or is still present after a
     * delete. When that cannot tell (the row vanished concurrently before our delete), every id of
     * the batch is named.
     */
    private static Mono<Void> stale(DriverConnection connection, FlushPlan plan, ChangeSetGroup group, List<ChangeSet> chunk, String operation) {
        EntityMetadata<?> meta = group.meta;
        List<Object> ids = new ArrayList<>(chunk.size());
        for (ChangeSet cs : chunk) {
            ids.add(cs.entry.id);
        }
        Query<?> query = Query.of(meta.type()).where(Filter.in(meta.id().name(), ids));
        return connection.select(meta, query).collectList().flatMap(rows -> {
            Map<Object, Object[]> found = new HashMap<>();
            for (Object[] row : rows) {
                found.put(meta.id().fromColumnValue(row[meta.id().index()]), row);
            }
            List<Object> staleIds = new ArrayList<>();
            for (ChangeSet cs : chunk) {
                Object[] row = found.get(cs.entry.id);
                boolean stale = group.kind == ChangeSet.Kind.DELETE ? row != null : row == null || !written(plan, group, cs, row);
                if (stale) {
                    staleIds.add(cs.entry.id);
                }
            }
            return Mono.error(OrmErrors.optimisticLock(meta.name(), operation, staleIds.isEmpty() ? ids : staleIds));
        });
    }

    /**
     * Whether a row read back holds exactly what this flush's update wrote (new version included); a cut
     * of a row about to be deleted does not write the version, so the row must still have the old one.
     */
    private static boolean written(FlushPlan plan, ChangeSetGroup group, ChangeSet cs, Object[] row) {
        for (PropertyMetadata column : group.columns) {
            if (!column.sameValue(column.fromColumnValue(row[column.index()]), asStored(plan, column, valueToWrite(cs, column)))) {
                return false;
            }
        }
        PropertyMetadata version = group.meta.version();
        return version == null || group.columns[group.columns.length - 1] == version
                || version.sameValue(version.fromColumnValue(row[version.index()]), cs.entry.snapshot[version.index()]);
    }

    /**
     * A written value as the row holds it: a to-one pointing at a row inserted by this flush by that row's
     * id (the instance gets it only at commit), a decimal rounded to its column's scale, a date-time cut to
     * the microsecond.
     */
    private static Object asStored(FlushPlan plan, PropertyMetadata column, Object value) {
        if (value == null) {
            return null;
        }
        if (column.isToOne() && plan != null && plan.insertedEntities != null) {
            ChangeSet parent = plan.insertedEntities.get(value);
            return parent == null ? value : parent.id();
        }
        if (value instanceof BigDecimal decimal && decimal.scale() > column.scale()) {
            return decimal.setScale(column.scale(), RoundingMode.HALF_UP);
        }
        return ValueType.cutToMicros(value);
    }

    private static Object initialVersion(PropertyMetadata version, Object current) {
        if (current != null && ((Number) current).longValue() != 0) {
            return current;
        }
        return nextVersion(version, null);
    }

    private static Object nextVersion(PropertyMetadata version, Object current) {
        long next = current == null ? 1 : ((Number) current).longValue() + 1;
        return switch (version.valueType()) {
            case SHORT -> (short) next;
            case INTEGER -> (int) next;
            default -> next;
        };
    }
}
