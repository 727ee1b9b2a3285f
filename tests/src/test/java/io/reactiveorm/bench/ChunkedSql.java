package io.reactiveorm.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * SQL whose text grows with the row count ({@code VALUES (?, ?), (?, ?)}, {@code IN (?, ?)}),
 * built once per row count and cached, so a run of equal chunks builds its text once and the
 * driver sees the same text every time.
 *
 * <p>Thread-safety: none; one instance per {@link RawStatements}, used by one run at a time.
 */
final class ChunkedSql {

    private final String head;
    private final String perRow;
    private final String separator;
    private final String tail;
    private final Map<Integer, String> byRowCount = new HashMap<>();

    /** Text = {@code head}, then {@code perRow} once per row joined by {@code separator}, then {@code tail}. */
    ChunkedSql(String head, String perRow, String separator, String tail) {
        this.head = head;
        this.perRow = perRow;
        this.separator = separator;
        this.tail = tail;
    }

    String forRows(int rows) {
        return byRowCount.computeIfAbsent(rows, this::build);
    }

    private String build(int rows) {
        StringBuilder sql = new StringBuilder(head.length() + rows * (perRow.length() + separator.length()) + tail.length());
        sql.append(head);
        for (int i = 0; i < rows; i++) {
            if (i > 0) {
                sql.append(separator);
            }
            sql.append(perRow);
        }
        return sql.append(tail).toString();
    }

    /** Consecutive views of at most {@code size} elements; the last may be shorter. */
    static <T> List<List<T>> chunks(List<T> list, int size) {
        List<List<T>> chunks = new ArrayList<>((list.size() + size - 1) / size);
        for (int from = 0; from < list.size(); from += size) {
            chunks.add(list.subList(from, Math.min(list.size(), from + size)));
        }
        return chunks;
    }
}
