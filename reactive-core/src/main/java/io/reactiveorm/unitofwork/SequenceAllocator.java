package io.reactiveorm.unitofwork;

import io.reactiveorm.metadata.EntityMetadata;
import io.reactiveorm.spi.DriverConnection;
import reactor.core.publisher.Mono;

import java.util.HashMap;
import java.util.Map;

/**
 * Hands out ids of {@code SEQUENCE} entities from pooled blocks: one sequence value covers
 * {@code allocationSize} ids, so a flush of N new entities reads the sequence once for
 * ceil(N / allocationSize) values, in one statement. Shared by every fork of an Orm.
 *
 * <p>Thread-safety: thread-safe; the pool of unused ids is guarded by this instance's monitor
 * (held for a few arithmetic steps only, never across I/O).
 */
public final class SequenceAllocator {

    private final Map<String, long[]> unused = new HashMap<>();

    /** Emits {@code count} distinct ids for the entity, reading the sequence only when the pool is short. */
    Mono<long[]> allocate(DriverConnection connection, EntityMetadata<?> meta, int count) {
        return Mono.defer(() -> {
            long[] ids = new long[count];
            int taken = takeUnused(meta.sequenceName(), ids, 0);
            if (taken == count) {
                return Mono.just(ids);
            }
            int allocation = meta.allocationSize();
            int blocks = (count - taken + allocation - 1) / allocation;
            return connection.nextSequenceValues(meta, blocks).map(starts -> {
                int filled = taken;
                for (long start : starts) {
                    long end = start + allocation;
                    long next = start;
                    while (next < end && filled < count) {
                        ids[filled++] = next++;
                    }
                    if (next < end) {
                        giveBack(meta.sequenceName(), next, end);
                    }
                }
                return ids;
            });
        });
    }

    private synchronized int takeUnused(String sequence, long[] ids, int from) {
        long[] range = unused.get(sequence);
        int filled = from;
        if (range == null) {
            return filled;
        }
        while (range[0] < range[1] && filled < ids.length) {
            ids[filled++] = range[0]++;
        }
        if (range[0] >= range[1]) {
            unused.remove(sequence);
        }
        return filled;
    }

    private synchronized void giveBack(String sequence, long from, long to) {
        unused.put(sequence, new long[] {from, to});
    }
}
