package io.reactiveorm.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a list into consecutive views of at most a given size: the batches a flush writes (one
 * statement each) and the id lists a select-in splits at the bind-parameter limit. Not API.
 */
public final class Chunks {

    private Chunks() {
    }

    /** Consecutive views of at most {@code size} elements of {@code list}; none for an empty list. */
    public static <T> List<List<T>> of(List<T> list, int size) {
        List<List<T>> chunks = new ArrayList<>(list.size() / size + 1);
        for (int from = 0; from < list.size(); from += size) {
            chunks.add(list.subList(from, Math.min(list.size(), from + size)));
        }
        return chunks;
    }
}
