package io.reactiveorm.sql.render;

import io.reactiveorm.metadata.EntityMetadata;
import io.reactiveorm.metadata.JoinTableMetadata;
import io.reactiveorm.metadata.RelationSide;
import io.reactiveorm.query.Query;
import io.reactiveorm.spi.Join;

import java.util.List;
import java.util.function.Function;

/**
 * Renders a joined populate: the root query as a derived table (so its filter, order and page apply
 * to roots, not to joined rows), LEFT JOINed with every relation populated; the row is the root's
 * columns followed by each join target's columns, in join order.
 *
 * <pre>{@code
 * SELECT e0.*, e1.*, e2.* FROM (SELECT ... FROM author WHERE ... ORDER BY ... LIMIT ...) e0
 * LEFT JOIN book e1 ON e1.author_id = e0.id
 * LEFT JOIN book_tags j2 ON j2.book_id = e1.id LEFT JOIN tag e2 ON e2.id = j2.tag_id
 * ORDER BY e0.<order>, e0.id
 * }</pre>
 */
public final class JoinedSelectRenderer {

    private JoinedSelectRenderer() {
    }

    public static RenderedSql select(EntitySql root, Query<?> query, List<Join> joins, Function<EntityMetadata<?>, EntitySql> sqlOf) {
        RenderedSql rootSql = SelectRenderer.select(root, query, sqlOf);
        StringBuilder columns = new StringBuilder("SELECT ").append(root.columnList("e0"));
        StringBuilder from = new StringBuilder(" FROM (").append(rootSql.sql()).append(") e0");
        for (int i = 0; i < joins.size(); i++) {
            Join join = joins.get(i);
            EntitySql source = sqlOf.apply(entityAt(root, joins, join.from()));
            EntitySql target = sqlOf.apply(join.target());
            String alias = "e" + (i + 1);
            String sourceAlias = "e" + join.from();
            columns.append(", ").append(target.columnList(alias));
            String targetId = alias + "." + target.column(target.meta().id());
            String sourceId = sourceAlias + "." + source.column(source.meta().id());
            if (join.toOne() != null) {
                from.append(" LEFT JOIN ").append(target.table()).append(' ').append(alias).append(" ON ").append(targetId)
                        .append(" = ").append(sourceAlias).append('.').append(source.column(join.toOne()));
            } else if (join.relation().kind() != RelationSide.Kind.MANY_TO_MANY) {
                from.append(" LEFT JOIN ").append(target.table()).append(' ').append(alias).append(" ON ").append(alias).append('.')
                        .append(target.column(join.relation().inverseToOne())).append(" = ").append(sourceId);
            } else {
                JoinTableMetadata joinTable = join.relation().joinTable();
                String link = "j" + (i + 1);
                from.append(" LEFT JOIN ").append(root.dialect().quote(joinTable.table())).append(' ').append(link).append(" ON ")
                        .append(link).append('.').append(root.dialect().quote(joinTable.ownerColumn())).append(" = ").append(sourceId)
                        .append(" LEFT JOIN ").append(target.table()).append(' ').append(alias).append(" ON ").append(targetId)
                        .append(" = ").append(link).append('.').append(root.dialect().quote(joinTable.targetColumn()));
            }
        }
        StringBuilder sql = columns.append(from).append(" ORDER BY ");
        for (Query.Order order : query.orderBy()) {
            sql.append("e0.").append(root.column(root.meta().property(order.property()))).append(order.ascending() ? " ASC, " : " DESC, ");
        }
        sql.append("e0.").append(root.column(root.meta().id()));
        return new RenderedSql(sql.toString(), rootSql.binds());
    }

    /** The entity at a position of the row: 0 is the root, {@code i + 1} the target of join {@code i}. */
    private static EntityMetadata<?> entityAt(EntitySql root, List<Join> joins, int position) {
        return position == 0 ? root.meta() : joins.get(position - 1).target();
    }
}
