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

import java.lang.reflect.Array;
import java.util.Arrays;
import java.util.List;

/**
 * Batches as one array parameter per column (PostgreSQL): {@code INSERT ... SELECT * FROM unnest(...)},
 * {@code UPDATE ... FROM unnest(...)}, {@code DELETE ... WHERE id = ANY(...)}. The SQL text depends
 * only on the entity and the column set, never on the row count, so each shape is prepared once per
 * connection, and a batch of any size is exactly one statement.
 */
final class ArrayBatchRenderer implements BatchRenderer {

    private final SqlTextCache texts;
    private final RowBatchRenderer rows;

    ArrayBatchRenderer(SqlTextCache texts) {
        this.texts = texts;
        this.rows = new RowBatchRenderer(texts);
    }

    /** Whether every column of a batch has an array type (bytea has none the driver binds). */
    private static boolean arrays(EntitySql entity, PropertyMetadata[] columns) {
        for (PropertyMetadata column : columns) {
            if (entity.dialect().arrayElementType(column.valueType()) == null) {
                return false;
            }
        }
        return true;
    }

    @Override
    public List<RenderedSql> insert(EntitySql entity, InsertBatch batch) {
        PropertyMetadata[] columns = batch.columns();
        if (!arrays(entity, columns)) {
            return rows.insert(entity, batch);
        }
        boolean returning = batch.returnsGeneratedIds();
        String sql = texts.get(List.of("insert-unnest", entity.meta(), Arrays.asList(columns), returning), shape -> {
            StringBuilder text = new StringBuilder("INSERT INTO ").append(entity.table()).append(" (");
            for (int c = 0; c < columns.length; c++) {
                text.append(c == 0 ? "" : ", ").append(entity.column(columns[c]));
            }
            text.append(") SELECT * FROM ");
            unnest(text, entity.dialect(), columns);
            if (returning) {
                text.append(" RETURNING ").append(entity.column(entity.meta().id()));
            }
            return text.toString();
        });
        Binds binds = new Binds(columns.length);
        List<Object[]> values = batch.rows();
        for (int c = 0; c < columns.length; c++) {
            Object[] array = newArray(entity, columns[c], values.size());
            for (int r = 0; r < array.length; r++) {
                array[r] = toDriver(entity, columns[c], values.get(r)[c]);
            }
            binds.add(array, array.getClass());
        }
        return List.of(new RenderedSql(sql, binds, values.size()));
    }

    @Override
    public List<RenderedSql> update(EntitySql entity, UpdateBatch batch) {
        EntityMetadata<?> meta = entity.meta();
        PropertyMetadata[] columns = batch.columns();
        if (!arrays(entity, columns)) {
            return rows.update(entity, batch);
        }
        boolean versioned = batch.expectedVersions() != null;
        String sql = texts.get(List.of("update-unnest", meta, Arrays.asList(columns), versioned), shape -> {
            StringBuilder text = new StringBuilder("UPDATE ").append(entity.table()).append(" AS t SET ");
            for (int c = 0; c < columns.length; c++) {
                text.append(c == 0 ? "" : ", ").append(entity.column(columns[c])).append(" = v.c").append(c);
            }
            text.append(" FROM ");
            PropertyMetadata[] arrays = versioned ? withIdAndVersion(meta, columns) : withId(meta, columns);
            unnest(text, entity.dialect(), arrays);
            text.append(" AS v(k");
            for (int c = 0; c < columns.length; c++) {
                text.append(", c").append(c);
            }
            text.append(versioned ? ", ev)" : ")");
            text.append(" WHERE t.").append(entity.column(meta.id())).append(" = v.k");
            if (versioned) {
                text.append(" AND t.").append(entity.column(meta.version())).append(" = v.ev");
            }
            return text.toString();
        });
        int n = batch.size();
        Binds binds = new Binds(columns.length + 2);
        entity.bindArray(binds, meta.id(), batch.ids());
        for (int c = 0; c < columns.length; c++) {
            Object[] array = newArray(entity, columns[c], n);
            for (int r = 0; r < n; r++) {
                array[r] = toDriver(entity, columns[c], batch.values()[r][c]);
            }
            binds.add(array, array.getClass());
        }
        if (versioned) {
            entity.bindArray(binds, meta.version(), batch.expectedVersions());
        }
        return List.of(new RenderedSql(sql, binds, n));
    }

    @Override
    public List<RenderedSql> delete(EntitySql entity, DeleteBatch batch) {
        EntityMetadata<?> meta = entity.meta();
        boolean versioned = batch.expectedVersions() != null;
        String sql = texts.get(List.of("delete-unnest", meta, versioned), shape -> {
            Dialect dialect = entity.dialect();
            String id = entity.column(meta.id());
            if (!versioned) {
                return "DELETE FROM " + entity.table() + " WHERE " + id + " = ANY(" + dialect.parameter(0) + "::"
                        + dialect.arrayElementType(meta.id().valueType()) + "[])";
            }
            StringBuilder text = new StringBuilder("DELETE FROM ").append(entity.table()).append(" AS t USING ");
            unnest(text, dialect, new PropertyMetadata[] {meta.id(), meta.version()});
            return text.append(" AS v(k, ev) WHERE t.").append(id).append(" = v.k AND t.")
                    .append(entity.column(meta.version())).append(" = v.ev").toString();
        });
        Binds binds = new Binds(2);
        entity.bindArray(binds, meta.id(), batch.ids());
        if (versioned) {
            entity.bindArray(binds, meta.version(), batch.expectedVersions());
        }
        return List.of(new RenderedSql(sql, binds, batch.size()));
    }

    private static void unnest(StringBuilder sql, Dialect dialect, PropertyMetadata[] columns) {
        sql.append("unnest(");
        for (int c = 0; c < columns.length; c++) {
            sql.append(c == 0 ? "" : ", ").append(dialect.parameter(c)).append("::")
                    .append(dialect.arrayElementType(columns[c].valueType())).append("[]");
        }
        sql.append(')');
    }

    private static PropertyMetadata[] withId(EntityMetadata<?> meta, PropertyMetadata[] columns) {
        PropertyMetadata[] all = new PropertyMetadata[columns.length + 1];
        all[0] = meta.id();
        System.arraycopy(columns, 0, all, 1, columns.length);
        return all;
    }

    private static PropertyMetadata[] withIdAndVersion(EntityMetadata<?> meta, PropertyMetadata[] columns) {
        PropertyMetadata[] all = Arrays.copyOf(withId(meta, columns), columns.length + 2);
        all[columns.length + 1] = meta.version();
        return all;
    }

    private static Object[] newArray(EntitySql entity, PropertyMetadata property, int length) {
        return (Object[]) Array.newInstance(entity.driverType(property), length);
    }

    private static Object toDriver(EntitySql entity, PropertyMetadata property, Object columnValue) {
        return entity.dialect().toDriver(property.valueType(), columnValue);
    }
}
