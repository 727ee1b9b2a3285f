package io.reactiveorm.sql.render;

import io.reactiveorm.metadata.EntityMetadata;
import io.reactiveorm.metadata.PropertyMetadata;
import io.reactiveorm.query.Filter;
import io.reactiveorm.query.Query;

/**
 * Renders queries of the core query model into SQL: every value a bind parameter, every identifier
 * quoted by the dialect, so no part of a filter reaches the SQL text as written by its author.
 */
public final class SelectRenderer {

    private SelectRenderer() {
    }

    /** {@code SELECT ... FROM ... WHERE ... ORDER BY ... LIMIT ... OFFSET ...}. */
    public static RenderedSql select(EntitySql entity, Query<?> query) {
        Binds binds = new Binds(8);
        StringBuilder sql = new StringBuilder(entity.selectPrefix());
        where(entity, query.filter(), sql, binds);
        EntityMetadata<?> meta = entity.meta();
        for (int i = 0; i < query.orderBy().size(); i++) {
            Query.Order order = query.orderBy().get(i);
            sql.append(i == 0 ? " ORDER BY " : ", ")
                    .append(entity.column(meta.property(order.property())))
                    .append(order.ascending() ? " ASC" : " DESC");
        }
        if (query.limit() >= 0) {
            sql.append(" LIMIT ").append(query.limit());
        }
        if (query.offset() > 0) {
            if (query.limit() < 0) {
                sql.append(" LIMIT ").append(Long.MAX_VALUE);
            }
            sql.append(" OFFSET ").append(query.offset());
        }
        return new RenderedSql(sql.toString(), binds);
    }

    /** {@code SELECT COUNT(*) FROM ... WHERE ...}. */
    public static RenderedSql count(EntitySql entity, Filter filter) {
        Binds binds = new Binds(8);
        StringBuilder sql = new StringBuilder(entity.countPrefix());
        where(entity, filter, sql, binds);
        return new RenderedSql(sql.toString(), binds);
    }

    private static void where(EntitySql entity, Filter filter, StringBuilder sql, Binds binds) {
        if (filter instanceof Filter.Junction junction && junction.and() && junction.parts().isEmpty()) {
            return;
        }
        sql.append(" WHERE ");
        condition(entity, filter, sql, binds);
    }

    private static void condition(EntitySql entity, Filter filter, StringBuilder sql, Binds binds) {
        EntityMetadata<?> meta = entity.meta();
        if (filter instanceof Filter.Comparison c) {
            PropertyMetadata p = meta.property(c.property());
            sql.append(entity.column(p)).append(' ').append(c.operator().symbol()).append(' ');
            parameter(entity, p, c.value(), sql, binds);
        } else if (filter instanceof Filter.In in) {
            PropertyMetadata p = meta.property(in.property());
            if (in.values().isEmpty()) {
                sql.append("1 = 0");
                return;
            }
            sql.append(entity.column(p)).append(" IN (");
            for (int i = 0; i < in.values().size(); i++) {
                sql.append(i == 0 ? "" : ", ");
                parameter(entity, p, in.values().get(i), sql, binds);
            }
            sql.append(')');
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
                condition(entity, junction.parts().get(i), sql, binds);
            }
            sql.append(')');
        }
    }

    private static void parameter(EntitySql entity, PropertyMetadata p, Object javaValue, StringBuilder sql, Binds binds) {
        sql.append(entity.dialect().parameter(binds.size()));
        entity.bind(binds, p, p.toColumnValue(javaValue));
    }
}
