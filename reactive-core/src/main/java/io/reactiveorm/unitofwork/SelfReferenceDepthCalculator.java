package io.reactiveorm.unitofwork;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * How deep each change set of a self-referencing group sits below the others: the number of change
 * sets on its way up through its parents inside the group, itself included (a cycle counts each of its
 * change sets once). Inserts run shallow first, deletes deep first. Pure.
 *
 * <p>Thread-safety: stateless.
 */
final class SelfReferenceDepthCalculator {

    private SelfReferenceDepthCalculator() {
    }

    /**
     * @param parent the parent of a change set inside the group, or null when it has none there
     */
    static Map<ChangeSet, Integer> depths(List<ChangeSet> changeSets, UnaryOperator<ChangeSet> parent) {
        Map<ChangeSet, Integer> depths = new IdentityHashMap<>();
        for (ChangeSet cs : changeSets) {
            int depth = 0;
            Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
            for (ChangeSet at = cs; at != null && seen.add(at); depth++) {
                at = parent.apply(at);
            }
            depths.put(cs, depth);
        }
        return depths;
    }
}
