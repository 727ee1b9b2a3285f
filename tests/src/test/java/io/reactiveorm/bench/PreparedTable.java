package io.reactiveorm.bench;

/**
 * The state {@link PersonTable} left the table in before a timed run: the ids it seeded and the
 * sum of their ages, which the run's verification starts from.
 *
 * <p>Thread-safety: immutable as long as nobody writes into {@code seededIds}; {@link #lookupIds()}
 * hands out a fresh array.
 */
final class PreparedTable {

    /** Steps through the seeded ids in a fixed scattered order; prime, so no id repeats. */
    private static final int LOOKUP_STRIDE = 7919;

    private final long[] seededIds;
    private final long ageSum;

    PreparedTable(long[] seededIds, long ageSum) {
        this.seededIds = seededIds;
        this.ageSum = ageSum;
    }

    static PreparedTable empty() {
        return new PreparedTable(new long[0], 0);
    }

    int rows() {
        return seededIds.length;
    }

    long ageSum() {
        return ageSum;
    }

    /** {@link SampleData#LOOKUPS} distinct seeded ids in scattered order, the same for every contender. */
    long[] lookupIds() {
        if (seededIds.length < SampleData.LOOKUPS) {
            throw new IllegalStateException("Need at least " + SampleData.LOOKUPS + " seeded rows for lookups, the table has "
                    + seededIds.length);
        }
        long[] ids = new long[SampleData.LOOKUPS];
        for (int k = 0; k < ids.length; k++) {
            ids[k] = seededIds[(int) ((long) k * LOOKUP_STRIDE % seededIds.length)];
        }
        return ids;
    }
}
