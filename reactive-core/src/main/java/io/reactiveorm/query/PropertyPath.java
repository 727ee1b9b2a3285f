package io.reactiveorm.query;

import io.reactiveorm.internal.OrmErrors;
import io.reactiveorm.metadata.EntityMetadata;
import io.reactiveorm.metadata.PropertyMetadata;
import io.reactiveorm.metadata.RelationMetadata;

import java.util.ArrayList;
import java.util.List;

/**
 * A filter's property name resolved against an entity: a plain property ({@code "title"}), or a path
 * through relations to a property of a related entity ({@code "author.name"}, {@code "books.title"},
 * {@code "books.tags.name"}). Such a condition holds when some related row satisfies it; drivers render
 * each step as an {@code IN (SELECT ...)} subquery, so a row never repeats. Thread-safety: immutable.
 *
 * @param steps    the relations followed, first to last; empty for a plain property
 * @param property the property compared, of the last step's target (or of the root)
 */
public record PropertyPath(List<Step> steps, PropertyMetadata property) {

    /** One relation followed: an owning to-one, or a relation without a column. */
    public record Step(PropertyMetadata toOne, RelationMetadata relation) {

        /** The entity the step leads to. */
        public EntityMetadata<?> target() {
            return toOne != null ? toOne.target() : relation.target();
        }
    }

    /**
     * Resolves a property name or path of {@code root}.
     *
     * @throws io.reactiveorm.OrmException RO-2001 naming the entity and the segment it does not have;
     *                                     RO-2007 when the path ends on a relation without a column
     */
    public static PropertyPath resolve(EntityMetadata<?> root, String path) {
        if (path.indexOf('.') < 0) {
            return new PropertyPath(List.of(), last(root, path, path, root));
        }
        String[] segments = path.split("\\.", -1);
        List<Step> steps = new ArrayList<>(segments.length - 1);
        EntityMetadata<?> at = root;
        for (int i = 0; i < segments.length - 1; i++) {
            RelationMetadata relation = at.findRelation(segments[i]);
            PropertyMetadata toOne = relation == null ? at.findProperty(segments[i]) : null;
            if (relation == null && (toOne == null || !toOne.isToOne())) {
                throw OrmErrors.unknownPathSegment(at.name(), "relation", segments[i], path, root.name(), at.relationNames());
            }
            Step step = new Step(relation == null ? toOne : null, relation);
            steps.add(step);
            at = step.target();
        }
        return new PropertyPath(List.copyOf(steps), last(at, segments[segments.length - 1], path, root));
    }

    /** Whether the property belongs to the root entity itself. */
    public boolean isPlain() {
        return steps.isEmpty();
    }

    private static PropertyMetadata last(EntityMetadata<?> entity, String name, String path, EntityMetadata<?> root) {
        PropertyMetadata property = entity.findProperty(name);
        if (property != null) {
            return property;
        }
        if (entity.findRelation(name) != null) {
            throw OrmErrors.filterOnRelation(entity.name(), name, path, root.name());
        }
        if (path.equals(name)) {
            return entity.property(name);
        }
        List<String> known = new ArrayList<>();
        for (PropertyMetadata p : entity.properties()) {
            known.add(p.name());
        }
        known.addAll(entity.relationNames());
        throw OrmErrors.unknownPathSegment(entity.name(), "property", name, path, root.name(), known);
    }

}
