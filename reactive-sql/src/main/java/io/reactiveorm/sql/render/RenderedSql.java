package io.reactiveorm.sql.render;

/** A statement ready to send: its SQL text and the values to bind. */
public record RenderedSql(String sql, Binds binds) {
}
