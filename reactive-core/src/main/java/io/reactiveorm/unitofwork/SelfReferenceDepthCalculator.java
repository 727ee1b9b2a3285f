package io.reactiveorm.unitofwork;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * How deep each change set of a self-referencing group sits below the others: the number of change
 * sets on its way up through its parents inside the group, itself included (a cycle counts each of its
 * change sets once). Inserts run shallow first, deletes deep first. Pure; each parent is looked up
 * once, so a chain of n rows costs n steps, not n²/2.
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
        // a known depth is positive; a change set on the path being walked holds -(its position on the path + 1)
        Map<ChangeSet, Integer> depths = new IdentityHashMap<>();
        List<ChangeSet> path = new ArrayList<>();
        for (ChangeSet start : changeSets) {
            path.clear();
            ChangeSet at = start;
            while (at != null && !depths.containsKey(at)) {
                depths.put(at, -(path.size() + 1));
                path.add(at);
                at = parent.apply(at);
            }
            int end = path.size();
            int depth = at == null ? 0 : depths.get(at);
            if (depth < 0) {
                // the path closed a cycle: each of its change sets counts every one of them once
                int cycleStart = -depth - 1;
                depth = end - cycleStart;
                for (int i = cycleStart; i < end; i++) {
                    depths.put(path.get(i), depth);
                }
                end = cycleStart;
            }
            for (int i = end - 1; i >= 0; i--) {
                depths.put(path.get(i), ++depth);
            }
        }
        return depths;
    }
}
