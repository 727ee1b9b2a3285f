package io.reactiveorm.sql.render;

/**
 * A statement ready to send: its SQL text, the values to bind, and how many entity rows it writes
 * (1 for a query).
 */
public record RenderedSql(String sql, Binds binds, int rows) {

    public RenderedSql(String sql, Binds binds) {
        this(sql, binds, 1);
    }
}
