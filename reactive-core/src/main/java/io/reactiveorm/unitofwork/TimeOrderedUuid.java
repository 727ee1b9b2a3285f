package io.reactiveorm.unitofwork;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Version 7 UUIDs (RFC 9562): 48 bits of Unix milliseconds, then random bits, so ids sort by
 * creation time and index well. Random bits come from ThreadLocalRandom: ids need to be unique, not
 * secret, and SecureRandom may read /dev/random on an event-loop thread. Thread-safe.
 */
final class TimeOrderedUuid {

    private TimeOrderedUuid() {
    }

    static UUID next() {
        long millis = System.currentTimeMillis();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long randA = random.nextLong();
        long randB = random.nextLong();
        long msb = (millis << 16) | 0x7000L | (randA & 0x0FFFL);
        long lsb = (randB & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }
}
