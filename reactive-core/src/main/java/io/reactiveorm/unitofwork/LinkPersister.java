package io.reactiveorm.unitofwork;

import io.reactiveorm.internal.Chunks;
import io.reactiveorm.metadata.EntityMetadata;
import io.reactiveorm.metadata.JoinTableMetadata;
import io.reactiveorm.spi.DriverConnection;
import io.reactiveorm.spi.LinkBatch;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes a flush's join-row changes after its inserts and updates and before its deletes: first the
 * rows removed from collections, then every row of entities being deleted, then the rows added. One
 * statement per batch of {@code batchSize} rows (ids) per join table.
 */
final class LinkPersister {

    private LinkPersister() {
    }

    static Mono<Void> execute(DriverConnection connection, FlushPlan plan, int batchSize) {
        LinkChangeComputer links = plan.links;
        List<Mono<Long>> writes = new ArrayList<>();
        for (LinkGroup group : links.deletes.values()) {
            for (LinkBatch batch : batches(plan, group, batchSize)) {
                writes.add(Mono.defer(() -> connection.deleteLinks(batch)));
            }
        }
        for (LinkPurge purge : links.purges.values()) {
            JoinTableMetadata joinTable = purge.joinTable;
            EntityMetadata<?> owner = joinTable.owner();
            for (List<EntityEntry> chunk : Chunks.of(purge.removed, batchSize)) {
                Object[] ids = new Object[chunk.size()];
                for (int i = 0; i < ids.length; i++) {
                    ids[i] = owner.id().toColumnValue(chunk.get(i).id);
                }
                writes.add(Mono.defer(() -> connection.deleteLinksOf(joinTable, ids)));
            }
        }
        for (LinkGroup group : links.inserts.values()) {
            for (LinkBatch batch : batches(plan, group, batchSize)) {
                writes.add(Mono.defer(() -> connection.insertLinks(batch)));
            }
        }
        return Flux.fromIterable(writes).concatMap(write -> write).then();
    }

    /** The group's rows in batches; ids are read now, after the flush's inserts generated theirs. */
    private static List<LinkBatch> batches(FlushPlan plan, LinkGroup group, int batchSize) {
        JoinTableMetadata joinTable = group.relation.joinTable();
        List<LinkBatch> batches = new ArrayList<>(group.links.size() / batchSize + 1);
        for (List<LinkGroup.Link> chunk : Chunks.of(group.links, batchSize)) {
            Object[] ownerIds = new Object[chunk.size()];
            Object[] targetIds = new Object[chunk.size()];
            for (int i = 0; i < ownerIds.length; i++) {
                ownerIds[i] = joinTable.owner().id().toColumnValue(plan.idOf(chunk.get(i).owner()));
                targetIds[i] = joinTable.target().id().toColumnValue(plan.idOf(chunk.get(i).target()));
            }
            batches.add(new LinkBatch(joinTable, ownerIds, targetIds));
        }
        return batches;
    }
}
