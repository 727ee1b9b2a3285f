package io.reactiveorm.unitofwork;

import io.reactiveorm.internal.OrmErrors;
import io.reactiveorm.metadata.EntityMetadata;
import io.reactiveorm.metadata.PropertyMetadata;
import io.reactiveorm.metadata.RelationMetadata;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which relations to load into entities of one type, as a tree parsed from populate paths
 * ({@code "books"}, {@code "books.tags"}, {@code "author"}, {@code "*"}) and checked against the
 * metadata when the call is made. Paths sharing a prefix share its node, so {@code "books"} and
 * {@code "books.tags"} load the books once.
 *
 * <p>Thread-safety: immutable.
 */
public final class PopulatePlan {

    private final EntityMetadata<?> root;
    private final List<Node> nodes;

    private PopulatePlan(EntityMetadata<?> root, List<Node> nodes) {
        this.root = root;
        this.nodes = nodes;
    }

    /**
     * One relation of an entity: an owning to-one ({@link #toOne()}) or a relation without a column
     * ({@link #relation()}), and what to load below it.
     */
    public record Node(String name, PropertyMetadata toOne, RelationMetadata relation, EntityMetadata<?> target,
                       List<Node> children) {

        public boolean isToOne() {
            return toOne != null;
        }
    }

    /**
     * Parses and checks populate paths of an entity.
     *
     * @throws io.reactiveorm.OrmException RO-2006 naming the entity and the path segment that is not one of its relations
     */
    public static PopulatePlan parse(EntityMetadata<?> root, Collection<String> paths) {
        Builder tree = new Builder(null, null, root);
        for (String path : paths) {
            if (path == null || path.isBlank()) {
                throw OrmErrors.invalidArgument("A populate path must not be blank, got '" + path + "'");
            }
            String[] segments = path.split("\\.", -1);
            Builder at = tree;
            for (int i = 0; i < segments.length; i++) {
                if (segments[i].equals("*") && i == segments.length - 1) {
                    at.addAll();
                } else {
                    at = at.child(segments[i], path, root);
                }
            }
        }
        return new PopulatePlan(root, tree.build());
    }

    /** The plan loading one relation without a column (what {@code collection.load()} runs). */
    public static PopulatePlan of(RelationMetadata relation) {
        return new PopulatePlan(relation.owner(), List.of(new Node(relation.name(), null, relation, relation.target(), List.of())));
    }

    /** The entity the paths start from. */
    public EntityMetadata<?> root() {
        return root;
    }

    /** The relations of the root entity to load, each with what to load below it. */
    public List<Node> nodes() {
        return nodes;
    }

    public boolean isEmpty() {
        return nodes.isEmpty();
    }

    /** A node under construction: children keyed by relation name, in the order the paths name them. */
    private static final class Builder {
        private final PropertyMetadata toOne;
        private final RelationMetadata relation;
        private final EntityMetadata<?> entity;
        private final Map<String, Builder> children = new LinkedHashMap<>();

        Builder(PropertyMetadata toOne, RelationMetadata relation, EntityMetadata<?> entity) {
            this.toOne = toOne;
            this.relation = relation;
            this.entity = entity;
        }

        Builder child(String name, String path, EntityMetadata<?> root) {
            Builder existing = children.get(name);
            if (existing != null) {
                return existing;
            }
            RelationMetadata r = entity.findRelation(name);
            PropertyMetadata p = r == null ? entity.findProperty(name) : null;
            if (r == null && (p == null || !p.isToOne())) {
                throw OrmErrors.unknownPopulatePath(entity.name(), name, path, root.name(), entity.relationNames());
            }
            Builder child = r != null ? new Builder(null, r, r.target()) : new Builder(p, null, p.target());
            children.put(name, child);
            return child;
        }

        void addAll() {
            for (PropertyMetadata p : entity.toOnes()) {
                children.putIfAbsent(p.name(), new Builder(p, null, p.target()));
            }
            for (RelationMetadata r : entity.relations()) {
                children.putIfAbsent(r.name(), new Builder(null, r, r.target()));
            }
        }

        List<Node> build() {
            List<Node> nodes = new ArrayList<>(children.size());
            for (Map.Entry<String, Builder> e : children.entrySet()) {
                Builder b = e.getValue();
                nodes.add(new Node(e.getKey(), b.toOne, b.relation, b.entity, b.build()));
            }
            return List.copyOf(nodes);
        }

    }
}
