package io.reactiveorm.unitofwork;

import io.reactiveorm.internal.Chunks;
import io.reactiveorm.metadata.EntityMetadata;
import io.reactiveorm.metadata.PropertyMetadata;
import io.reactiveorm.spi.DriverConnection;
import io.reactiveorm.spi.UpdateBatch;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A foreign key inserted as NULL because its parent's generated id was not known yet (a parent in the
 * same insert batch, e.g. a self-reference); set after every insert of the flush, batched per type and
 * column.
 */
record ForeignKeyFixup(ChangeSet child, PropertyMetadata column, ChangeSet parent) {

    /** One UPDATE per entity type, column and batch of {@code batchSize} rows; cold only in the caller's defer. */
    static Mono<Void> execute(DriverConnection connection, List<ForeignKeyFixup> fixups, int batchSize) {
        if (fixups.isEmpty()) {
            return Mono.empty();
        }
        Map<List<Object>, List<ForeignKeyFixup>> byColumn = new LinkedHashMap<>();
        for (ForeignKeyFixup fixup : fixups) {
            byColumn.computeIfAbsent(List.of(fixup.child.entry.meta, fixup.column), k -> new ArrayList<>()).add(fixup);
        }
        List<UpdateBatch> batches = new ArrayList<>();
        for (List<ForeignKeyFixup> same : byColumn.values()) {
            for (List<ForeignKeyFixup> chunk : Chunks.of(same, batchSize)) {
                EntityMetadata<?> meta = chunk.get(0).child.entry.meta;
                PropertyMetadata column = chunk.get(0).column;
                Object[] ids = new Object[chunk.size()];
                Object[][] values = new Object[chunk.size()][];
                for (int i = 0; i < ids.length; i++) {
                    ids[i] = meta.id().toColumnValue(chunk.get(i).child.id());
                    values[i] = new Object[] {column.toColumnValue(chunk.get(i).parent.id())};
                }
                batches.add(new UpdateBatch(meta, new PropertyMetadata[] {column}, ids, values, null));
            }
        }
        return Flux.fromIterable(batches).concatMap(connection::update).then();
    }
}
