package io.reactiveorm.metadata;

import io.reactiveorm.internal.OrmErrors;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.JoinTable;

import java.beans.Introspector;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Links the relations without a column of every entity once all entities are discovered: resolves
 * targets and {@code mappedBy}, names join tables, and fails start-up with an error naming both ends
 * when the two sides do not fit together.
 */
final class RelationLinker {

    private final Map<Class<?>, EntityMetadata<?>> entities;
    private final NamingStrategy naming;
    private final Map<String, String> tables;

    /**
     * @param tables lower-cased table names already taken, with who takes them; join tables are added
     */
    RelationLinker(Map<Class<?>, EntityMetadata<?>> entities, NamingStrategy naming, Map<String, String> tables) {
        this.entities = entities;
        this.naming = naming;
        this.tables = tables;
    }

    void link() {
        for (EntityMetadata<?> meta : entities.values()) {
            List<RelationMetadata> relations = new ArrayList<>();
            for (RelationSide side : RelationSide.of(meta.type())) {
                relations.add(relation(meta, side));
            }
            meta.linkRelations(relations.toArray(RelationMetadata[]::new));
            for (RelationMetadata relation : relations) {
                if (relation.isOwningManyToMany()) {
                    meta.addJoinTable(relation.joinTable());
                    relation.target().addJoinTable(relation.joinTable().reversed());
                }
            }
        }
        for (EntityMetadata<?> meta : entities.values()) {
            for (RelationMetadata relation : meta.relations()) {
                if (relation.kind() == RelationSide.Kind.MANY_TO_MANY && !relation.isOwningManyToMany()) {
                    RelationMetadata owning = relation.target().findRelation(relation.side().mappedBy());
                    owning.linkOther(relation);
                    relation.linkInverse(owning);
                }
            }
        }
    }

    private RelationMetadata relation(EntityMetadata<?> meta, RelationSide side) {
        EntityMetadata<?> target = entities.get(side.target());
        if (target == null) {
            throw OrmErrors.invalidMapping(meta.type(), side.name(), "the relation targets " + side.target().getName()
                    + ", which is not a registered entity; add it to Orm.builder().entities(...)");
        }
        return switch (side.kind()) {
            case ONE_TO_MANY, ONE_TO_ONE_INVERSE -> new RelationMetadata(side, meta, target, inverseToOne(meta, side, target), null);
            case MANY_TO_MANY -> {
                if (side.isOwningManyToMany()) {
                    yield new RelationMetadata(side, meta, target, null, joinTable(meta, side, target));
                }
                checkInverseManyToMany(meta, side, target);
                yield new RelationMetadata(side, meta, target, null, null);
            }
        };
    }

    /** The target's owning to-one that a one-to-many or an inverse one-to-one is mapped by. */
    private static PropertyMetadata inverseToOne(EntityMetadata<?> meta, RelationSide side, EntityMetadata<?> target) {
        String annotation = side.kind() == RelationSide.Kind.ONE_TO_MANY ? "@OneToMany" : "@OneToOne";
        String expected = side.kind() == RelationSide.Kind.ONE_TO_MANY ? "@ManyToOne" : "owning @OneToOne";
        if (side.mappedBy().isEmpty()) {
            throw OrmErrors.invalidMapping(meta.type(), side.name(), "a " + annotation + " needs mappedBy naming the "
                    + expected + " of " + target.name() + " that points back to " + meta.name()
                    + " (the foreign key lives on " + target.name() + "; a one-to-many through a join table is not supported)");
        }
        PropertyMetadata inverse = target.findProperty(side.mappedBy());
        if (inverse == null || !inverse.isToOne() || !inverse.javaType().isAssignableFrom(meta.type())) {
            throw OrmErrors.invalidMapping(meta.type(), side.name(), annotation + "(mappedBy = \"" + side.mappedBy()
                    + "\") must name the " + expected + " of " + target.name() + " that targets " + meta.name() + ", but "
                    + target.name() + "." + side.mappedBy() + (inverse == null ? " does not exist or is not a relation"
                    : inverse.isToOne() ? " targets " + inverse.javaType().getSimpleName() : " is not a relation")
                    + "; its to-one relations are " + toOneNames(target));
        }
        boolean unique = inverse.unique();
        if (side.kind() == RelationSide.Kind.ONE_TO_ONE_INVERSE && !unique) {
            throw OrmErrors.invalidMapping(meta.type(), side.name(), "@OneToOne(mappedBy = \"" + side.mappedBy() + "\") names "
                    + target.name() + "." + side.mappedBy() + ", which is a @ManyToOne; map this side as @OneToMany, or make "
                    + target.name() + "." + side.mappedBy() + " a @OneToOne");
        }
        return inverse;
    }

    private JoinTableMetadata joinTable(EntityMetadata<?> meta, RelationSide side, EntityMetadata<?> target) {
        JoinTable annotation = side.field().getAnnotation(JoinTable.class);
        String table = annotation != null && !annotation.name().isEmpty() ? annotation.name()
                : meta.table() + "_" + naming.columnName(side.name());
        String ownerColumn = column(annotation == null ? null : annotation.joinColumns(), meta);
        String targetColumn = column(annotation == null ? null : annotation.inverseJoinColumns(), target);
        if (ownerColumn.equalsIgnoreCase(targetColumn)) {
            throw OrmErrors.invalidMapping(meta.type(), side.name(), "both join columns of join table '" + table + "' are named '"
                    + ownerColumn + "' (one for " + meta.name() + ", one for " + target.name() + "); name them with"
                    + " @JoinTable(joinColumns = @JoinColumn(name = ...), inverseJoinColumns = @JoinColumn(name = ...))");
        }
        String clash = tables.putIfAbsent(table.toLowerCase(Locale.ROOT), meta.name() + "." + side.name());
        if (clash != null) {
            throw OrmErrors.invalidMapping(meta.type(), side.name(), "join table '" + table + "' is already mapped by " + clash
                    + "; name it with @JoinTable(name = ...)");
        }
        return new JoinTableMetadata(table, ownerColumn, targetColumn, meta, target);
    }

    private String column(JoinColumn[] columns, EntityMetadata<?> entity) {
        if (columns != null && columns.length > 0 && !columns[0].name().isEmpty()) {
            return columns[0].name();
        }
        return naming.columnName(Introspector.decapitalize(entity.type().getSimpleName()) + "Id");
    }

    /** Checks that the inverse side of a many-to-many names an owning side that targets it back. */
    private static void checkInverseManyToMany(EntityMetadata<?> meta, RelationSide side, EntityMetadata<?> target) {
        RelationSide owning = RelationSide.find(target.type(), side.mappedBy());
        if (owning == null || !owning.isOwningManyToMany() || !owning.target().isAssignableFrom(meta.type())) {
            throw OrmErrors.invalidMapping(meta.type(), side.name(), "@ManyToMany(mappedBy = \"" + side.mappedBy()
                    + "\") must name the owning @ManyToMany of " + target.name() + " that targets " + meta.name() + ", but "
                    + target.name() + "." + side.mappedBy() + (owning == null ? " does not exist"
                    : owning.isOwningManyToMany() ? " targets " + owning.target().getSimpleName()
                    : " is not an owning @ManyToMany (it has mappedBy itself)"));
        }
    }

    private static List<String> toOneNames(EntityMetadata<?> meta) {
        List<String> names = new ArrayList<>();
        for (PropertyMetadata p : meta.toOnes()) {
            names.add(p.name());
        }
        return names;
    }
}
