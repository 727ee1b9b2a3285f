package io.reactiveorm.sql;

/**
 * Told about every statement an {@link R2dbcDriver} sends, after it finished. Use it for metrics,
 * tracing or to count statements in tests. Called on the thread that completed the statement; keep
 * it fast and non-blocking. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface StatementListener {

    void onStatement(StatementEvent event);
}
