package io.reactiveorm.sql.render;

import io.reactiveorm.metadata.JoinTableMetadata;
import io.reactiveorm.metadata.PropertyMetadata;

import java.util.ArrayList;
import java.util.List;

/**
 * Renders the queries that load relations by id lists: the rows whose column is in a list, and the
 * targets linked through a join table. A list longer than the bind-parameter limit is split into as
 * many statements as needed, each with at most {@code maxParameters} values.
 */
public final class RelationSelectRenderer {

    private RelationSelectRenderer() {
    }

    /** {@code SELECT <columns> FROM <table> WHERE <column> IN (...)}, one statement per chunk of values. */
    public static List<RenderedSql> selectIn(EntitySql entity, PropertyMetadata property, List<?> values, int maxParameters) {
        List<RenderedSql> statements = new ArrayList<>();
        for (int from = 0; from < values.size(); from += maxParameters) {
            List<?> chunk = values.subList(from, Math.min(values.size(), from + maxParameters));
            Binds binds = new Binds(chunk.size());
            StringBuilder sql = new StringBuilder(entity.selectPrefix()).append(" WHERE ").append(entity.column(property));
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
        for (int from = 0; from < ownerIds.size(); from += maxParameters) {
            List<?> chunk = ownerIds.subList(from, Math.min(ownerIds.size(), from + maxParameters));
            Binds binds = new Binds(chunk.size());
            StringBuilder sql = new StringBuilder(prefix);
            inList(owner, owner.meta().id(), chunk, sql, binds);
            statements.add(new RenderedSql(sql.toString(), binds));
        }
        return statements;
    }

    /** {@code  IN (?, ?, ...)} with each Java value converted and bound as a value of {@code property}. */
    private static void inList(EntitySql entity, PropertyMetadata property, List<?> values, StringBuilder sql, Binds binds) {
        sql.append(" IN (");
        for (int i = 0; i < values.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(entity.dialect().parameter(binds.size()));
            entity.bind(binds, property, property.toColumnValue(values.get(i)));
        }
        sql.append(')');
    }
}
