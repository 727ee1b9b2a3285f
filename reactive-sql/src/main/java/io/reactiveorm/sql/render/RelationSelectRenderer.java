package io.reactiveorm.sql.render;

import io.reactiveorm.internal.Chunks;
import io.reactiveorm.metadata.JoinTableMetadata;
import io.reactiveorm.metadata.PropertyMetadata;

import java.util.ArrayList;
import java.util.List;

/**
 * Renders the queries that load relations by id lists: the rows whose column is in a list, and the
 * targets linked through a join table. Where the dialect binds arrays (PostgreSQL) the list is one
 * array parameter, {@code = ANY($1::bigint[])}: one statement with a constant text whatever the count.
 * Elsewhere it is an {@code IN} list, split into as many statements as the bind-parameter limit
 * requires, each with at most {@code maxParameters} values.
 */
public final class RelationSelectRenderer {

    private RelationSelectRenderer() {
    }

    /** {@code SELECT <columns> FROM <table> WHERE <column> IN (...)}, one statement per chunk of values. */
    public static List<RenderedSql> selectIn(EntitySql entity, PropertyMetadata property, List<?> values, int maxParameters) {
        String prefix = entity.selectPrefix() + " WHERE " + entity.column(property);
        List<RenderedSql> statements = new ArrayList<>();
        for (List<?> chunk : chunks(entity, property, values, maxParameters)) {
            Binds binds = new Binds(chunk.size());
            StringBuilder sql = new StringBuilder(prefix);
            inList(entity, property, chunk, sql, binds);
            statements.add(new RenderedSql(sql.toString(), binds));
        }
        return statements;
    }

    /**
     * {@code SELECT t.<columns>, j.<owner column> FROM <target> t JOIN <join table> j ON j.<target column> = t.<id>
     * WHERE j.<owner column> IN (...)}, one statement per chunk of owner ids.
     */
    public static List<RenderedSql> selectLinked(EntitySql target, EntitySql owner, JoinTableMetadata joinTable,
                                                 List<?> ownerIds, int maxParameters) {
        String ownerColumn = "j." + target.dialect().quote(joinTable.ownerColumn());
        String prefix = "SELECT " + target.columnList("t") + ", " + ownerColumn + " FROM " + target.table() + " t JOIN "
                + target.dialect().quote(joinTable.table()) + " j ON j." + target.dialect().quote(joinTable.targetColumn())
                + " = t." + target.column(target.meta().id()) + " WHERE " + ownerColumn;
        List<RenderedSql> statements = new ArrayList<>();
        for (List<?> chunk : chunks(owner, owner.meta().id(), ownerIds, maxParameters)) {
            Binds binds = new Binds(chunk.size());
            StringBuilder sql = new StringBuilder(prefix);
            inList(owner, owner.meta().id(), chunk, sql, binds);
            statements.add(new RenderedSql(sql.toString(), binds));
        }
        return statements;
    }

    /** The whole list when it goes as one array parameter, else chunks of at most {@code maxParameters}. */
    private static List<? extends List<?>> chunks(EntitySql entity, PropertyMetadata property, List<?> values, int maxParameters) {
        if (asArray(entity, property)) {
            return values.isEmpty() ? List.of() : List.of(values);
        }
        return Chunks.of(values, maxParameters);
    }

    /** Whether a list of values of {@code property} goes as one array parameter. */
    static boolean asArray(EntitySql entity, PropertyMetadata property) {
        return entity.dialect().usesArrayBatches() && entity.dialect().arrayElementType(property.valueType()) != null;
    }

    private static void inList(EntitySql entity, PropertyMetadata property, List<?> values, StringBuilder sql, Binds binds) {
        Object[] columnValues = new Object[values.size()];
        for (int i = 0; i < columnValues.length; i++) {
            columnValues[i] = property.toColumnValue(values.get(i));
        }
        inList(entity, property, columnValues, sql, binds);
    }

    /**
     * {@code  = ANY($n::type[])} with the column values as one array, or {@code  IN (?, ?, ...)} with each
     * bound as a value of {@code property}.
     */
    static void inList(EntitySql entity, PropertyMetadata property, Object[] columnValues, StringBuilder sql, Binds binds) {
        if (asArray(entity, property)) {
            sql.append(" = ANY(").append(entity.dialect().parameter(binds.size())).append("::")
                    .append(entity.dialect().arrayElementType(property.valueType())).append("[])");
            entity.bindArray(binds, property, columnValues);
            return;
        }
        sql.append(" IN (");
        for (int i = 0; i < columnValues.length; i++) {
            sql.append(i == 0 ? "" : ", ").append(entity.dialect().parameter(binds.size()));
            entity.bind(binds, property, columnValues[i]);
        }
        sql.append(')');
    }

}
