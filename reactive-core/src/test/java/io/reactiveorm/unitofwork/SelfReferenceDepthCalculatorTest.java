package io.reactiveorm.unitofwork;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class SelfReferenceDepthCalculatorTest {

    private final Map<ChangeSet, ChangeSet> parents = new IdentityHashMap<>();
    private final AtomicInteger lookups = new AtomicInteger();

    private static ChangeSet changeSet() {
        return new ChangeSet(null, ChangeSet.Kind.INSERT, null);
    }

    private Map<ChangeSet, Integer> depths(List<ChangeSet> changeSets) {
        return SelfReferenceDepthCalculator.depths(changeSets, cs -> {
            lookups.incrementAndGet();
            return parents.get(cs);
        });
    }

    /** A chain of 10,000 rows, each the parent of the next (a thread of replies, a ledger): one parent lookup per row. */
    @Test
    void aLongChainIsWalkedOnceWhicheverRowComesFirst() {
        List<ChangeSet> chain = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            ChangeSet cs = changeSet();
            if (i > 0) {
                parents.put(cs, chain.get(i - 1));
            }
            chain.add(cs);
        }
        List<ChangeSet> deepestFirst = new ArrayList<>(chain);
        Collections.reverse(deepestFirst);

        Map<ChangeSet, Integer> depths = depths(deepestFirst);

        assertThat(lookups.get()).isEqualTo(10_000);
        for (int i = 0; i < chain.size(); i++) {
            assertThat(depths.get(chain.get(i))).isEqualTo(i + 1);
        }
    }

    @Test
    void aCycleCountsEachOfItsRowsOnceAndARowLeadingIntoItOneMore() {
        ChangeSet a = changeSet();
        ChangeSet b = changeSet();
        ChangeSet c = changeSet();
        ChangeSet lead = changeSet();
        ChangeSet root = changeSet();
        ChangeSet self = changeSet();
        parents.put(a, b);
        parents.put(b, c);
        parents.put(c, a);
        parents.put(lead, b);
        parents.put(self, self);

        Map<ChangeSet, Integer> depths = depths(List.of(lead, a, b, c, root, self));

        assertThat(depths).containsEntry(a, 3).containsEntry(b, 3).containsEntry(c, 3).containsEntry(lead, 4)
                .containsEntry(root, 1).containsEntry(self, 1);
    }
}
