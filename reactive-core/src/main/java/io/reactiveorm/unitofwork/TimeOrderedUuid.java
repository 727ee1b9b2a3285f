package io.reactiveorm.unitofwork;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Version 7 UUIDs (RFC 9562): 48 bits of Unix milliseconds, then a 12-bit sequence within the
 * millisecond (the RFC's method 3, clock precision raised by a counter), then random bits, so ids of
 * one JVM sort in creation order, even many in one millisecond, and index well. More than 4,096 in one
 * millisecond borrow from the next one. Random bits come from ThreadLocalRandom: ids need to be unique,
 * not secret, and SecureRandom may read /dev/random on an event-loop thread. Thread-safe.
 */
final class TimeOrderedUuid {

    /** The last stamp handed out: milliseconds shifted left by 12, plus the sequence within the millisecond. */
    private static final AtomicLong LAST = new AtomicLong();

    private TimeOrderedUuid() {
    }

    static UUID next() {
        long now = System.currentTimeMillis() << 12;
        long stamp = LAST.updateAndGet(last -> Math.max(now, last + 1));
        long msb = ((stamp >>> 12) << 16) | 0x7000L | (stamp & 0x0FFFL);
        long lsb = (ThreadLocalRandom.current().nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }
}
