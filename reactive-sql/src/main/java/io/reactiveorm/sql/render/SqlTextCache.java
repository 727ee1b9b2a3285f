package io.reactiveorm.sql.render;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * SQL texts by shape (operation, entity, columns, row count): each text is built once per shape and
 * reused, so a prepared-statement cache in the driver sees the same string every time.
 *
 * <p>Thread-safety: thread-safe.
 */
public final class SqlTextCache {

    private final Map<Object, String> texts = new ConcurrentHashMap<>();

    /** The text of a shape, built by {@code build} the first time the shape is asked for. */
    public <K> String get(K shape, Function<K, String> build) {
        String text = texts.get(shape);
        if (text == null) {
            text = texts.computeIfAbsent(shape, key -> build.apply(shape));
        }
        return text;
    }

    /** How many shapes are cached. */
    public int size() {
        return texts.size();
    }
}
