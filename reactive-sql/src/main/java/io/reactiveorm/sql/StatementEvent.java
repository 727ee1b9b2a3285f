package io.reactiveorm.sql;

import java.time.Duration;

/**
 * One statement the driver sent: its SQL text, how many parameters it bound, how many rows it
 * returned or changed, how long it took and how it failed (or {@code null}). Transaction control
 * ({@code BEGIN}, {@code COMMIT}, {@code ROLLBACK}, savepoints) is reported as statements too.
 */
public record StatementEvent(String sql, int parameterCount, long rows, Duration elapsed, Throwable error) {

    /** The first SQL keyword, upper case: {@code SELECT}, {@code INSERT}, {@code UPDATE}, {@code BEGIN}, ... */
    public String verb() {
        String trimmed = sql.stripLeading();
        int end = 0;
        while (end < trimmed.length() && Character.isLetter(trimmed.charAt(end))) {
            end++;
        }
        return trimmed.substring(0, end).toUpperCase(java.util.Locale.ROOT);
    }
}
