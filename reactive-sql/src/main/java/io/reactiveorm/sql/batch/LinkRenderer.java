package io.reactiveorm.sql.batch;

import io.reactiveorm.metadata.JoinTableMetadata;
import io.reactiveorm.spi.LinkBatch;
import io.reactiveorm.sql.dialect.Dialect;
import io.reactiveorm.sql.render.Binds;
import io.reactiveorm.sql.render.EntitySql;
import io.reactiveorm.sql.render.RenderedSql;
import io.reactiveorm.sql.render.SqlTextCache;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Join-table rows of a many-to-many as statements, in every dialect: multi-row
 * {@code INSERT INTO jt (a, b) VALUES (?, ?), ...}, {@code DELETE FROM jt WHERE (a, b) IN ((?, ?), ...)}
 * and {@code DELETE FROM jt WHERE a IN (?, ...)}. One statement per batch, split only below the
 * dialect's bind-parameter limit. Pure, no I/O.
 *
 * <p>Thread-safety: thread-safe.
 */
public final class LinkRenderer {

    private final SqlTextCache texts;
    private final Function<io.reactiveorm.metadata.EntityMetadata<?>, EntitySql> entitySql;

    public LinkRenderer(SqlTextCache texts, Function<io.reactiveorm.metadata.EntityMetadata<?>, EntitySql> entitySql) {
        this.texts = texts;
        this.entitySql = entitySql;
    }

    public List<RenderedSql> insert(Dialect dialect, LinkBatch batch) {
        JoinTableMetadata table = batch.joinTable();
        return pairs(dialect, batch, "link-insert", n -> {
            StringBuilder sql = new StringBuilder("INSERT INTO ").append(dialect.quote(table.table())).append(" (")
                    .append(dialect.quote(table.ownerColumn())).append(", ").append(dialect.quote(table.targetColumn()))
                    .append(") VALUES ");
            for (int r = 0; r < n; r++) {
                sql.append(r == 0 ? "(" : ", (").append(dialect.parameter(2 * r)).append(", ")
                        .append(dialect.parameter(2 * r + 1)).append(')');
            }
            return sql.toString();
        });
    }

    public List<RenderedSql> delete(Dialect dialect, LinkBatch batch) {
        JoinTableMetadata table = batch.joinTable();
        return pairs(dialect, batch, "link-delete", n -> {
            StringBuilder sql = new StringBuilder("DELETE FROM ").append(dialect.quote(table.table())).append(" WHERE (")
                    .append(dialect.quote(table.ownerColumn())).append(", ").append(dialect.quote(table.targetColumn()))
                    .append(") IN (");
            for (int r = 0; r < n; r++) {
                sql.append(r == 0 ? "(" : ", (").append(dialect.parameter(2 * r)).append(", ")
                        .append(dialect.parameter(2 * r + 1)).append(')');
            }
            return sql.append(')').toString();
        });
    }

    public List<RenderedSql> deleteOf(Dialect dialect, JoinTableMetadata table, Object[] ownerIds) {
        EntitySql owner = entitySql.apply(table.owner());
        int perStatement = dialect.maxParameters();
        List<RenderedSql> statements = new ArrayList<>(1);
        for (int from = 0; from < ownerIds.length; from += perStatement) {
            int n = Math.min(perStatement, ownerIds.length - from);
            String sql = texts.get(List.of("link-delete-of", table, n), shape -> {
                StringBuilder text = new StringBuilder("DELETE FROM ").append(dialect.quote(table.table())).append(" WHERE ")
                        .append(dialect.quote(table.ownerColumn())).append(" IN (");
                for (int r = 0; r < n; r++) {
                    text.append(r == 0 ? "" : ", ").append(dialect.parameter(r));
                }
                return text.append(')').toString();
            });
            Binds binds = new Binds(n);
            for (int r = from; r < from + n; r++) {
                owner.bind(binds, table.owner().id(), ownerIds[r]);
            }
            statements.add(new RenderedSql(sql, binds, n));
        }
        return statements;
    }

    /** Statements binding (owner id, target id) pairs, as many pairs per statement as the parameter limit allows. */
    private List<RenderedSql> pairs(Dialect dialect, LinkBatch batch, String kind, java.util.function.IntFunction<String> render) {
        JoinTableMetadata table = batch.joinTable();
        EntitySql owner = entitySql.apply(table.owner());
        EntitySql target = entitySql.apply(table.target());
        int perStatement = dialect.maxParameters() / 2;
        List<RenderedSql> statements = new ArrayList<>(1);
        for (int from = 0; from < batch.size(); from += perStatement) {
            int n = Math.min(perStatement, batch.size() - from);
            String sql = texts.get(List.of(kind, table, n), shape -> render.apply(n));
            Binds binds = new Binds(2 * n);
            for (int r = from; r < from + n; r++) {
                owner.bind(binds, table.owner().id(), batch.ownerIds()[r]);
                target.bind(binds, table.target().id(), batch.targetIds()[r]);
            }
            statements.add(new RenderedSql(sql, binds, n));
        }
        return statements;
    }
}
