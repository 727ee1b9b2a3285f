package io.reactiveorm.sql.batch;

import io.reactiveorm.metadata.EntityMetadata;
import io.reactiveorm.metadata.PropertyMetadata;
import io.reactiveorm.sql.render.Binds;
import io.reactiveorm.sql.render.EntitySql;
import io.reactiveorm.sql.render.RenderedSql;
import io.reactiveorm.sql.render.SqlTextCache;
import io.reactiveorm.spi.DeleteBatch;
import io.reactiveorm.spi.InsertBatch;
import io.reactiveorm.spi.UpdateBatch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Row-list batches (see {@link RowBatchRenderer}) whose updates join {@code JSON_TABLE} over one JSON
 * parameter holding every row (MariaDB):
 * {@code UPDATE t AS t JOIN JSON_TABLE(?, '$[*]' COLUMNS (k BIGINT PATH '$[0]', c0 ... PATH '$[1]'[, ev
 * BIGINT PATH '$[n]'])) AS v ON t.id = v.k [AND t.version = v.ev] SET t.c = v.c0, ...}. The SQL text
 * depends only on the entity and the column set, and the server parses one short statement instead
 * of thousands of placeholders. Only integral ids take this path (a text key would compare under
 * JSON_TABLE's collation, not the column's, and could lose the primary-key lookup); batches with a
 * {@code byte[]} column or a value JSON cannot carry (see {@link JsonRows}) fall back to row lists.
 * Inserts and deletes are row lists: a DELETE joining JSON_TABLE measured no faster than
 * {@code id IN (...)}.
 */
final class JsonTableBatchRenderer implements BatchRenderer {

    private final SqlTextCache texts;
    private final RowBatchRenderer rows;

    JsonTableBatchRenderer(SqlTextCache texts) {
        this.texts = texts;
        this.rows = new RowBatchRenderer(texts);
    }

    @Override
    public List<RenderedSql> insert(EntitySql entity, InsertBatch batch) {
        return rows.insert(entity, batch);
    }

    @Override
    public List<RenderedSql> update(EntitySql entity, UpdateBatch batch) {
        EntityMetadata<?> meta = entity.meta();
        PropertyMetadata[] columns = batch.columns();
        if (!meta.id().valueType().isIntegral() || !carried(columns)) {
            return rows.update(entity, batch);
        }
        boolean versioned = batch.expectedVersions() != null;
        String sql = texts.get(List.of("update-json-table", meta, Arrays.asList(columns), versioned),
                shape -> updateSql(entity, columns, versioned));
        int perStatement = Math.max(1, entity.dialect().maxParameters() / (columns.length + (versioned ? 2 : 1)));
        List<RenderedSql> statements = new ArrayList<>(1);
        for (int from = 0; from < batch.size(); from += perStatement) {
            int n = Math.min(perStatement, batch.size() - from);
            String json = updateJson(entity, batch, from, n);
            if (json == null) {
                return rows.update(entity, batch);
            }
            Binds binds = new Binds(1);
            binds.add(json, String.class);
            statements.add(new RenderedSql(sql, binds, n));
        }
        return statements;
    }

    @Override
    public List<RenderedSql> delete(EntitySql entity, DeleteBatch batch) {
        return rows.delete(entity, batch);
    }

    private static boolean carried(PropertyMetadata[] columns) {
        for (PropertyMetadata column : columns) {
            if (JsonRows.columnType(column.valueType()) == null) {
                return false;
            }
        }
        return true;
    }

    private static String updateSql(EntitySql entity, PropertyMetadata[] columns, boolean versioned) {
        StringBuilder sql = new StringBuilder("UPDATE ").append(entity.table())
                .append(" AS t JOIN JSON_TABLE(").append(entity.dialect().parameter(0))
                .append(", '$[*]' COLUMNS (k BIGINT PATH '$[0]'");
        for (int c = 0; c < columns.length; c++) {
            sql.append(", c").append(c).append(' ').append(JsonRows.columnType(columns[c].valueType()))
                    .append(" PATH '$[").append(c + 1).append("]'");
        }
        if (versioned) {
            sql.append(", ev BIGINT PATH '$[").append(columns.length + 1).append("]'");
        }
        sql.append(")) AS v");
        return RowBatchRenderer.joinedUpdateTail(sql, entity, columns, versioned);
    }

    /** Rows {@code from .. from + n} as {@code [[id, c0, ..[, expected version]], ...]}, or null when a value has no JSON form. */
    private static String updateJson(EntitySql entity, UpdateBatch batch, int from, int n) {
        EntityMetadata<?> meta = entity.meta();
        PropertyMetadata[] columns = batch.columns();
        Object[] versions = batch.expectedVersions();
        StringBuilder json = new StringBuilder(n * (8 + 12 * columns.length)).append('[');
        for (int r = from; r < from + n; r++) {
            json.append(r == from ? "[" : ",[").append(batch.ids()[r]);
            for (int c = 0; c < columns.length; c++) {
                json.append(',');
                Object value = entity.dialect().toDriver(columns[c].valueType(), batch.values()[r][c]);
                if (!JsonRows.append(json, columns[c].valueType(), value)) {
                    return null;
                }
            }
            if (versions != null) {
                json.append(',').append(versions[r]);
            }
            json.append(']');
        }
        return json.append(']').toString();
    }
}
