package io.reactiveorm.metadata;

import io.reactiveorm.internal.OrmErrors;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.JoinColumns;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToOne;

import java.lang.invoke.MethodHandle;
import java.lang.reflect.Field;
import java.util.List;
import java.util.function.Function;

/** Reads the owning side of a {@code @ManyToOne} or {@code @OneToOne} into a property builder. */
final class ToOneDiscoverer {

    private ToOneDiscoverer() {
    }

    /**
     * The owning side of a to-one: its column holds the target's id, with the target id's value type and
     * conversions; the Java value is a target instance (the target is linked once every entity is known).
     */
    static void discover(Class<?> type, Field field, PropertyMetadata.Builder b, NamingStrategy naming,
                         Function<Class<?>, PropertyMetadata.Builder> targetIdProperty) {
        ManyToOne manyToOne = field.getAnnotation(ManyToOne.class);
        OneToOne oneToOne = field.getAnnotation(OneToOne.class);
        if (b.id || b.version) {
            throw OrmErrors.invalidMapping(type, b.name, "a relation cannot be the @Id or the @Version");
        }
        if (oneToOne != null && oneToOne.orphanRemoval()) {
            throw OrmErrors.invalidMapping(type, b.name, RelationSide.ONE_TO_ONE_ORPHANS);
        }
        Class<?> target = field.getType();
        if (!target.isAnnotationPresent(Entity.class)) {
            throw OrmErrors.invalidMapping(type, b.name, "the relation targets " + target.getName()
                    + ", which is not an @Entity; the field type of a @ManyToOne or @OneToOne must be the target entity class");
        }
        PropertyMetadata.Builder targetId = targetIdProperty.apply(target);
        CascadeType[] cascades = manyToOne != null ? manyToOne.cascade() : oneToOne.cascade();
        boolean optional = manyToOne != null ? manyToOne.optional() : oneToOne.optional();
        JoinColumn join = field.getAnnotation(JoinColumn.class);
        if (field.isAnnotationPresent(JoinColumns.class)) {
            throw OrmErrors.invalidMapping(type, b.name, "@JoinColumns (a composite foreign key) is not supported;"
                    + " a to-one has one @JoinColumn holding the target's id");
        }
        if (field.isAnnotationPresent(Column.class)) {
            throw OrmErrors.invalidMapping(type, b.name, "@Column does not apply to a relation; name its column with @JoinColumn(name = ...)");
        }
        if (join != null && !join.referencedColumnName().isEmpty() && !join.referencedColumnName().equalsIgnoreCase(targetId.column)) {
            throw OrmErrors.invalidMapping(type, b.name, "@JoinColumn(referencedColumnName = \"" + join.referencedColumnName()
                    + "\") names a column of " + target.getSimpleName() + " that is not its id column '" + targetId.column
                    + "'; a foreign key here always holds the target's id (leave referencedColumnName out)");
        }
        b.column = join != null && !join.name().isEmpty() ? join.name() : naming.columnName(b.name + "Id");
        b.nullable = optional && (join == null || join.nullable());
        b.unique = oneToOne != null || join != null && join.unique();
        b.javaType = target;
        b.targetType = target;
        b.valueType = targetId.valueType;
        b.length = targetId.length;
        b.precision = targetId.precision;
        b.scale = targetId.scale;
        b.fromColumn = targetId.fromColumn;
        MethodHandle idGetter = targetId.getter;
        Function<Object, Object> idToColumn = targetId.toColumn;
        b.targetId = entity -> {
            try {
                return idGetter.invokeExact(entity);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        };
        Function<Object, Object> idOf = b.targetId;
        b.toColumn = value -> {
            Object id = target.isInstance(value) ? idOf.apply(value) : value;
            return id == null || idToColumn == null ? id : idToColumn.apply(id);
        };
        for (CascadeType cascade : cascades) {
            b.cascadePersist |= cascade == CascadeType.PERSIST || cascade == CascadeType.ALL;
            b.cascadeRemove |= cascade == CascadeType.REMOVE || cascade == CascadeType.ALL;
        }
    }

    /** The {@code @Id} field of a relation's target, or a mapping error naming the relation. */
    static Field idField(Class<?> type, String property, Class<?> target, List<Field> targetFields) {
        for (Field candidate : targetFields) {
            if (candidate.isAnnotationPresent(Id.class)) {
                return candidate;
            }
        }
        throw OrmErrors.invalidMapping(type, property, "the relation targets " + target.getName() + ", which has no @Id");
    }
}
