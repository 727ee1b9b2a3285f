package io.reactiveorm.sql.render;

import io.reactiveorm.internal.OrmErrors;
import io.reactiveorm.metadata.EntityMetadata;
import io.reactiveorm.metadata.JoinTableMetadata;
import io.reactiveorm.metadata.PropertyMetadata;
import io.reactiveorm.metadata.RelationSide;
import io.reactiveorm.query.Filter;
import io.reactiveorm.query.PropertyPath;
import io.reactiveorm.query.Query;
import io.reactiveorm.sql.dialect.Dialect;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Renders queries of the core query model into SQL: every value a bind parameter, every identifier
 * quoted by the dialect, so no part of a filter reaches the SQL text as written by its author. A
 * condition on a relation path ({@code "books.title"}) becomes {@code IN (SELECT ...)} subqueries, one
 * per relation followed, so rows never repeat; {@code sqlOf} gives the SQL of the entities reached.
 */
public final class SelectRenderer {

    private SelectRenderer() {
    }

    /** {@code SELECT ... FROM ... WHERE ... ORDER BY ... LIMIT ... OFFSET ...}. */
    public static RenderedSql select(EntitySql entity, Query<?> query, Function<EntityMetadata<?>, EntitySql> sqlOf) {
        Binds binds = new Binds(8);
        StringBuilder sql = new StringBuilder(entity.selectPrefix());
        where(entity, query.filter(), sql, binds, sqlOf);
        EntityMetadata<?> meta = entity.meta();
        for (int i = 0; i < query.orderBy().size(); i++) {
            Query.Order order = query.orderBy().get(i);
            sql.append(i == 0 ? " ORDER BY " : ", ")
                    .append(entity.column(meta.property(order.property())))
                    .append(order.ascending() ? " ASC" : " DESC");
        }
        boolean boundLimit = bindLimitIfUnbound(entity.dialect(), sql, binds, query.limit() >= 0 ? Long.valueOf(query.limit()) : null);
        if (!boundLimit && query.limit() >= 0) {
            sql.append(" LIMIT ").append(query.limit());
        }
        if (query.offset() > 0) {
            if (query.limit() < 0 && !boundLimit) {
                sql.append(" LIMIT ").append(Long.MAX_VALUE);
            }
            sql.append(" OFFSET ").append(query.offset());
        }
        return new RenderedSql(sql.toString(), binds);
    }

    /** {@code SELECT COUNT(*) FROM ... WHERE ...}. */
    public static RenderedSql count(EntitySql entity, Filter filter, Function<EntityMetadata<?>, EntitySql> sqlOf) {
        Binds binds = new Binds(8);
        StringBuilder sql = new StringBuilder(entity.countPrefix());
        where(entity, filter, sql, binds, sqlOf);
        bindLimitIfUnbound(entity.dialect(), sql, binds, null);
        return new RenderedSql(sql.toString(), binds);
    }

    /**
     * On a dialect that needs a parameter in every query ({@link Dialect#bindsEveryQuery}), a query that has
     * none so far binds its limit ({@code null}: no limit); returns whether it did. Entity reads and the
     * schema tools' queries alike.
     */
    public static boolean bindLimitIfUnbound(Dialect dialect, StringBuilder sql, Binds binds, Long limit) {
        if (!dialect.bindsEveryQuery() || binds.size() > 0) {
            return false;
        }
        sql.append(" LIMIT ").append(dialect.parameter(0));
        binds.add(limit, Long.class);
        return true;
    }

    private static void where(EntitySql entity, Filter filter, StringBuilder sql, Binds binds,
                              Function<EntityMetadata<?>, EntitySql> sqlOf) {
        if (filter instanceof Filter.Junction junction && junction.and() && junction.parts().isEmpty()) {
            return;
        }
        sql.append(" WHERE ");
        condition(entity, filter, sql, binds, sqlOf);
    }

    private static void condition(EntitySql entity, Filter filter, StringBuilder sql, Binds binds,
                                  Function<EntityMetadata<?>, EntitySql> sqlOf) {
        EntityMetadata<?> meta = entity.meta();
        String path = filter instanceof Filter.OnProperty condition ? condition.property() : null;
        if (path != null && path.indexOf('.') > 0) {
            throughRelation(entity, filter, PropertyPath.resolve(meta, path).steps().get(0), path, sql, binds, sqlOf);
        } else if (filter instanceof Filter.Comparison c) {
            PropertyMetadata p = meta.property(c.property());
            Object columnValue = columnValue(entity, p, c.value(), c.operator().name());
            if (columnValue == null) {
                storedAsNull(entity, p, c, sql);
                return;
            }
            sql.append(entity.column(p)).append(' ').append(c.operator().symbol()).append(' ')
                    .append(entity.dialect().parameter(binds.size()));
            entity.bind(binds, p, columnValue);
        } else if (filter instanceof Filter.In in) {
            in(entity, meta.property(in.property()), in.values(), sql, binds);
        } else if (filter instanceof Filter.Null n) {
            sql.append(entity.column(meta.property(n.property()))).append(n.negated() ? " IS NOT NULL" : " IS NULL");
        } else {
            Filter.Junction junction = (Filter.Junction) filter;
            if (junction.parts().isEmpty()) {
                sql.append(junction.and() ? "1 = 1" : "1 = 0");
                return;
            }
            sql.append('(');
            for (int i = 0; i < junction.parts().size(); i++) {
                sql.append(i == 0 ? "" : junction.and() ? " AND " : " OR ");
                condition(entity, junction.parts().get(i), sql, binds, sqlOf);
            }
            sql.append(')');
        }
    }

    /**
     * {@code <key> IN (SELECT <link> FROM <target> WHERE <rest of the path>)} for the first relation of a
     * path; a many-to-many goes through its join table with one more {@code IN (SELECT ...)}.
     */
    private static void throughRelation(EntitySql entity, Filter filter, PropertyPath.Step step, String path,
                                        StringBuilder sql, Binds binds, Function<EntityMetadata<?>, EntitySql> sqlOf) {
        EntitySql target = sqlOf.apply(step.target());
        Filter rest = rest(filter, path.substring(path.indexOf('.') + 1));
        String targetId = target.column(target.meta().id());
        if (step.toOne() != null) {
            sql.append(entity.column(step.toOne())).append(" IN (SELECT ").append(targetId);
        } else if (step.relation().kind() != RelationSide.Kind.MANY_TO_MANY) {
            sql.append(entity.column(entity.meta().id())).append(" IN (SELECT ").append(target.column(step.relation().inverseToOne()));
        } else {
            JoinTableMetadata joinTable = step.relation().joinTable();
            sql.append(entity.column(entity.meta().id())).append(" IN (SELECT ").append(entity.dialect().quote(joinTable.ownerColumn()))
                    .append(" FROM ").append(entity.dialect().quote(joinTable.table())).append(" WHERE ")
                    .append(entity.dialect().quote(joinTable.targetColumn())).append(" IN (SELECT ").append(targetId);
        }
        sql.append(" FROM ").append(target.table()).append(" WHERE ");
        condition(target, rest, sql, binds, sqlOf);
        sql.append(step.relation() != null && step.relation().kind() == RelationSide.Kind.MANY_TO_MANY ? "))" : ")");
    }

    /** The same condition on the rest of a path, relative to the entity the first step leads to. */
    private static Filter rest(Filter filter, String restOfPath) {
        if (filter instanceof Filter.Comparison c) {
            return new Filter.Comparison(restOfPath, c.operator(), c.value());
        }
        if (filter instanceof Filter.In in) {
            return new Filter.In(restOfPath, in.values());
        }
        return new Filter.Null(restOfPath, ((Filter.Null) filter).negated());
    }

    /**
     * {@code col IN (...)}, or {@code col = ANY(array)} where the dialect binds arrays (one parameter
     * however many values). Elsewhere more values than the database takes bind parameters fail here,
     * naming the property, before anything is sent; a value stored as NULL adds {@code OR col IS NULL}.
     */
    private static void in(EntitySql entity, PropertyMetadata p, List<?> values, StringBuilder sql, Binds binds) {
        List<Object> columnValues = new ArrayList<>(values.size());
        boolean orNull = false;
        for (Object value : values) {
            Object columnValue = columnValue(entity, p, value, "IN");
            if (columnValue == null) {
                orNull = true;
            } else {
                columnValues.add(columnValue);
            }
        }
        String column = entity.column(p);
        if (columnValues.isEmpty()) {
            sql.append(orNull ? column + " IS NULL" : "1 = 0");
            return;
        }
        int limit = entity.dialect().maxParameters();
        if (!RelationSelectRenderer.asArray(entity, p) && binds.size() + columnValues.size() > limit) {
            throw OrmErrors.invalidArgument("Cannot filter " + entity.meta().name() + " on '" + p.name() + "' (IN) with "
                    + columnValues.size() + " values: " + entity.dialect().name() + " takes at most " + limit
                    + " bind parameters in a statement; split the list into several queries");
        }
        sql.append(orNull ? "(" : "").append(column);
        RelationSelectRenderer.inList(entity, p, columnValues.toArray(), sql, binds);
        if (orNull) {
            sql.append(" OR ").append(column).append(" IS NULL)");
        }
    }

    /**
     * A comparison with a value the property stores as NULL ({@code '\0'} of a {@code char}): equal to it
     * is {@code IS NULL}, unequal {@code IS NOT NULL}; any other operator fails as a null would (RO-2003).
     */
    private static void storedAsNull(EntitySql entity, PropertyMetadata p, Filter.Comparison c, StringBuilder sql) {
        switch (c.operator()) {
            case EQ -> sql.append(entity.column(p)).append(" IS NULL");
            case NE -> sql.append(entity.column(p)).append(" IS NOT NULL");
            default -> throw OrmErrors.storedAsNullInComparison(entity.meta().name(), p.name(), c.operator().name(), c.value());
        }
    }

    /** A compared value as the column holds it; a to-one compared with a new entity that has no id yet fails (RO-2008). */
    private static Object columnValue(EntitySql entity, PropertyMetadata p, Object javaValue, String operator) {
        Object columnValue = p.toColumnValue(javaValue);
        if (columnValue == null && p.isToOne()) {
            throw OrmErrors.entityWithoutIdInFilter(entity.meta().name(), p.name(), operator, p.target().name());
        }
        return columnValue;
    }
}
