package io.reactiveorm.sql.batch;

import io.reactiveorm.sql.render.EntitySql;
import io.reactiveorm.sql.render.RenderedSql;
import io.reactiveorm.spi.DeleteBatch;
import io.reactiveorm.spi.InsertBatch;
import io.reactiveorm.spi.UpdateBatch;

import java.util.List;

/**
 * Turns a change-set batch into statements: pure, no I/O. Usually one statement per batch; more
 * only when a batch would exceed the dialect's bind-parameter limit.
 */
public interface BatchRenderer {

    /** The statements inserting a batch; when it returns ids, each statement returns its rows' ids in order. */
    List<RenderedSql> insert(EntitySql entity, InsertBatch batch);

    List<RenderedSql> update(EntitySql entity, UpdateBatch batch);

    List<RenderedSql> delete(EntitySql entity, DeleteBatch batch);

    /** The renderer a dialect writes batches with. */
    static BatchRenderer of(io.reactiveorm.sql.dialect.Dialect dialect, io.reactiveorm.sql.render.SqlTextCache texts) {
        if (dialect.usesArrayBatches()) {
            return new ArrayBatchRenderer(texts);
        }
        return dialect.batchesThroughJsonTable() ? new JsonTableBatchRenderer(texts) : new RowBatchRenderer(texts);
    }
}
