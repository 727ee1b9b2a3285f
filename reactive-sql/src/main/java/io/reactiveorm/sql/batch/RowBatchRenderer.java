package io.reactiveorm.sql.batch;

import io.reactiveorm.metadata.EntityMetadata;
import io.reactiveorm.metadata.PropertyMetadata;
import io.reactiveorm.sql.dialect.Dialect;
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
 * Batches as row lists, for databases without array parameters: multi-row {@code INSERT ... VALUES},
 * {@code UPDATE ... SET c = CASE id WHEN ? THEN ? ... END WHERE id IN (...)} (or, where the dialect
 * says so, a join on a table value constructor), and {@code DELETE ... WHERE id IN (...)}; versions
 * checked with a CASE on the id (or in the join).
 */
final class RowBatchRenderer implements BatchRenderer {

    private final SqlTextCache texts;

    RowBatchRenderer(SqlTextCache texts) {
        this.texts = texts;
    }

    @Override
    public List<RenderedSql> insert(EntitySql entity, InsertBatch batch) {
        PropertyMetadata[] columns = batch.columns();
        List<Object[]> rows = batch.rows();
        int perStatement = rowsPerStatement(entity.dialect(), columns.length);
        List<RenderedSql> statements = new ArrayList<>(1);
        for (int from = 0; from < rows.size(); from += perStatement) {
            int n = Math.min(perStatement, rows.size() - from);
            boolean returning = batch.returnsGeneratedIds() && entity.dialect().usesReturningClause();
            String sql = texts.get(List.of("insert-values", entity.meta(), Arrays.asList(columns), n, returning),
                    shape -> insertSql(entity, columns, n, returning));
            Binds binds = new Binds(n * columns.length);
            for (Object[] row : rows.subList(from, from + n)) {
                for (int c = 0; c < columns.length; c++) {
                    entity.bind(binds, columns[c], row[c]);
                }
            }
            statements.add(new RenderedSql(sql, binds, n));
        }
        return statements;
    }

    private static String insertSql(EntitySql entity, PropertyMetadata[] columns, int rows, boolean returning) {
        Dialect dialect = entity.dialect();
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(entity.table()).append(" (");
        for (int c = 0; c < columns.length; c++) {
            sql.append(c == 0 ? "" : ", ").append(entity.column(columns[c]));
        }
        sql.append(") VALUES ");
        int p = 0;
        for (int r = 0; r < rows; r++) {
            sql.append(r == 0 ? "(" : ", (");
            for (int c = 0; c < columns.length; c++) {
                sql.append(c == 0 ? "" : ", ").append(dialect.parameter(p++));
            }
            sql.append(')');
        }
        if (returning) {
            sql.append(" RETURNING ").append(entity.column(entity.meta().id()));
        }
        return sql.toString();
    }

    @Override
    public List<RenderedSql> update(EntitySql entity, UpdateBatch batch) {
        if (entity.dialect().updatesThroughValuesJoin()) {
            return valuesJoinUpdate(entity, batch);
        }
        PropertyMetadata[] columns = batch.columns();
        boolean versioned = batch.expectedVersions() != null;
        int perRow = 2 * columns.length + 1 + (versioned ? 2 : 0);
        int perStatement = rowsPerStatement(entity.dialect(), perRow);
        EntityMetadata<?> meta = entity.meta();
        List<RenderedSql> statements = new ArrayList<>(1);
        for (int from = 0; from < batch.size(); from += perStatement) {
            int n = Math.min(perStatement, batch.size() - from);
            String sql = texts.get(List.of("update-case", meta, Arrays.asList(columns), n, versioned),
                    shape -> updateSql(entity, columns, n, versioned));
            Binds binds = new Binds(n * perRow);
            for (int c = 0; c < columns.length; c++) {
                for (int r = from; r < from + n; r++) {
                    entity.bind(binds, meta.id(), batch.ids()[r]);
                    entity.bind(binds, columns[c], batch.values()[r][c]);
                }
            }
            bindIds(entity, binds, batch.ids(), from, n);
            if (versioned) {
                bindVersionCase(entity, binds, batch.ids(), batch.expectedVersions(), from, n);
            }
            statements.add(new RenderedSql(sql, binds, n));
        }
        return statements;
    }

    private static String updateSql(EntitySql entity, PropertyMetadata[] columns, int rows, boolean versioned) {
        Dialect dialect = entity.dialect();
        EntityMetadata<?> meta = entity.meta();
        String id = entity.column(meta.id());
        StringBuilder sql = new StringBuilder("UPDATE ").append(entity.table()).append(" SET ");
        int p = 0;
        for (int c = 0; c < columns.length; c++) {
            sql.append(c == 0 ? "" : ", ").append(entity.column(columns[c])).append(" = CASE ").append(id);
            for (int r = 0; r < rows; r++) {
                sql.append(" WHEN ").append(dialect.parameter(p++))
                        .append(" THEN ").append(dialect.caseParameter(columns[c], p++));
            }
            sql.append(" END");
        }
        p = idList(sql.append(" WHERE "), entity, rows, p);
        if (versioned) {
            versionCase(sql, entity, rows, p);
        }
        return sql.toString();
    }

    /** {@code UPDATE t JOIN (WITH v (k, c0, ..[, ev]) AS (VALUES (?, ?, ..), ..) SELECT * FROM v) v ON t.id = v.k [AND t.version = v.ev] SET ...}. */
    private List<RenderedSql> valuesJoinUpdate(EntitySql entity, UpdateBatch batch) {
        PropertyMetadata[] columns = batch.columns();
        boolean versioned = batch.expectedVersions() != null;
        int perRow = columns.length + 1 + (versioned ? 1 : 0);
        int perStatement = rowsPerStatement(entity.dialect(), perRow);
        EntityMetadata<?> meta = entity.meta();
        List<RenderedSql> statements = new ArrayList<>(1);
        for (int from = 0; from < batch.size(); from += perStatement) {
            int n = Math.min(perStatement, batch.size() - from);
            String sql = texts.get(List.of("update-values-join", meta, Arrays.asList(columns), n, versioned),
                    shape -> valuesJoinSql(entity, columns, n, versioned));
            Binds binds = new Binds(n * perRow);
            for (int r = from; r < from + n; r++) {
                entity.bind(binds, meta.id(), batch.ids()[r]);
                for (int c = 0; c < columns.length; c++) {
                    entity.bind(binds, columns[c], batch.values()[r][c]);
                }
                if (versioned) {
                    entity.bind(binds, meta.version(), batch.expectedVersions()[r]);
                }
            }
            statements.add(new RenderedSql(sql, binds, n));
        }
        return statements;
    }

    private static String valuesJoinSql(EntitySql entity, PropertyMetadata[] columns, int rows, boolean versioned) {
        Dialect dialect = entity.dialect();
        StringBuilder sql = new StringBuilder("UPDATE ").append(entity.table()).append(" AS t JOIN (WITH v (k");
        for (int c = 0; c < columns.length; c++) {
            sql.append(", c").append(c);
        }
        sql.append(versioned ? ", ev) AS (VALUES " : ") AS (VALUES ");
        int p = 0;
        int perRow = columns.length + 1 + (versioned ? 1 : 0);
        for (int r = 0; r < rows; r++) {
            sql.append(r == 0 ? "(" : ", (");
            for (int i = 0; i < perRow; i++) {
                sql.append(i == 0 ? "" : ", ").append(dialect.parameter(p++));
            }
            sql.append(')');
        }
        sql.append(") SELECT * FROM v) AS v");
        return joinedUpdateTail(sql, entity, columns, versioned);
    }

    /**
     * Ends an {@code UPDATE t JOIN <rows> AS v}: {@code ON t.id = v.k [AND t.version = v.ev] SET t.c = v.c0, ...},
     * for every update that joins its rows as {@code v(k, c0, ..[, ev])}.
     */
    static String joinedUpdateTail(StringBuilder sql, EntitySql entity, PropertyMetadata[] columns, boolean versioned) {
        EntityMetadata<?> meta = entity.meta();
        sql.append(" ON t.").append(entity.column(meta.id())).append(" = v.k");
        if (versioned) {
            sql.append(" AND t.").append(entity.column(meta.version())).append(" = v.ev");
        }
        sql.append(" SET ");
        for (int c = 0; c < columns.length; c++) {
            sql.append(c == 0 ? "" : ", ").append("t.").append(entity.column(columns[c])).append(" = v.c").append(c);
        }
        return sql.toString();
    }

    @Override
    public List<RenderedSql> delete(EntitySql entity, DeleteBatch batch) {
        boolean versioned = batch.expectedVersions() != null;
        int perStatement = rowsPerStatement(entity.dialect(), versioned ? 3 : 1);
        List<RenderedSql> statements = new ArrayList<>(1);
        for (int from = 0; from < batch.size(); from += perStatement) {
            int n = Math.min(perStatement, batch.size() - from);
            String sql = texts.get(List.of("delete-in", entity.meta(), n, versioned), shape -> {
                StringBuilder text = new StringBuilder("DELETE FROM ").append(entity.table()).append(" WHERE ");
                int p = idList(text, entity, n, 0);
                if (versioned) {
                    versionCase(text, entity, n, p);
                }
                return text.toString();
            });
            Binds binds = new Binds(n * (versioned ? 3 : 1));
            bindIds(entity, binds, batch.ids(), from, n);
            if (versioned) {
                bindVersionCase(entity, binds, batch.ids(), batch.expectedVersions(), from, n);
            }
            statements.add(new RenderedSql(sql, binds, n));
        }
        return statements;
    }

    /** Appends {@code id IN (?, ...)}; returns the next parameter index. */
    private static int idList(StringBuilder sql, EntitySql entity, int rows, int firstParameter) {
        int p = firstParameter;
        sql.append(entity.column(entity.meta().id())).append(" IN (");
        for (int r = 0; r < rows; r++) {
            sql.append(r == 0 ? "" : ", ").append(entity.dialect().parameter(p++));
        }
        sql.append(')');
        return p;
    }

    /** Appends {@code AND version = CASE id WHEN ? THEN ? ... END}. */
    private static void versionCase(StringBuilder sql, EntitySql entity, int rows, int firstParameter) {
        EntityMetadata<?> meta = entity.meta();
        Dialect dialect = entity.dialect();
        int p = firstParameter;
        sql.append(" AND ").append(entity.column(meta.version())).append(" = CASE ").append(entity.column(meta.id()));
        for (int r = 0; r < rows; r++) {
            sql.append(" WHEN ").append(dialect.parameter(p++)).append(" THEN ").append(dialect.caseParameter(meta.version(), p++));
        }
        sql.append(" END");
    }

    private static void bindIds(EntitySql entity, Binds binds, Object[] ids, int from, int n) {
        for (int r = from; r < from + n; r++) {
            entity.bind(binds, entity.meta().id(), ids[r]);
        }
    }

    private static void bindVersionCase(EntitySql entity, Binds binds, Object[] ids, Object[] versions, int from, int n) {
        EntityMetadata<?> meta = entity.meta();
        for (int r = from; r < from + n; r++) {
            entity.bind(binds, meta.id(), ids[r]);
            entity.bind(binds, meta.version(), versions[r]);
        }
    }

    private static int rowsPerStatement(Dialect dialect, int parametersPerRow) {
        return Math.max(1, dialect.maxParameters() / parametersPerRow);
    }
}
