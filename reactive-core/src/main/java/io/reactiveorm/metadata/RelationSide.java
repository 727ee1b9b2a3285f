package io.reactiveorm.metadata;

import io.reactiveorm.internal.OrmErrors;
import jakarta.persistence.CascadeType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.JoinColumns;
import jakarta.persistence.JoinTable;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OneToOne;

import java.lang.annotation.Annotation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;

/**
 * One relation field that has no column of its own — a {@code @OneToMany}, a {@code @ManyToMany} or an
 * inverse {@code @OneToOne(mappedBy)} — as its annotations describe it, independent of any Orm. This is
 * what an {@link io.reactiveorm.EntityCollection} needs to keep the other side in sync before its owner
 * is managed; {@link RelationMetadata} adds what an Orm decides (join table names, linked metadata).
 *
 * <p>Thread-safety: immutable; read once per class and cached for the life of the class.
 */
public final class RelationSide {

    /** What kind of relation the field maps. */
    public enum Kind { ONE_TO_MANY, MANY_TO_MANY, ONE_TO_ONE_INVERSE }

    private static final ClassValue<List<RelationSide>> SIDES = new ClassValue<>() {
        @Override
        protected List<RelationSide> computeValue(Class<?> type) {
            return discover(type);
        }
    };

    private final Class<?> owner;
    private final Field field;
    private final Kind kind;
    private final Class<?> target;
    private final String mappedBy;
    private final boolean cascadePersist;
    private final boolean cascadeRemove;
    /** Why a @OneToOne with orphanRemoval is refused at start-up (it would be ignored). */
    static final String ONE_TO_ONE_ORPHANS = "orphanRemoval is supported on @OneToMany only; on a @OneToOne, remove the"
            + " entity you replace or unset yourself (em.remove)";
    private final boolean orphanRemoval;
    private final Accessor accessor;
    /** Resolved on first use: the target class may not be loadable sooner without a cycle in class init. */
    private volatile Accessor inverse;
    private volatile boolean inverseResolved;

    private RelationSide(Class<?> owner, Field field, Kind kind, Class<?> target, String mappedBy, CascadeType[] cascades,
                         boolean orphanRemoval, MethodHandles.Lookup lookup) {
        this.owner = owner;
        this.field = field;
        this.kind = kind;
        this.target = target;
        this.mappedBy = mappedBy;
        boolean persist = false;
        boolean remove = false;
        for (CascadeType cascade : cascades) {
            persist |= cascade == CascadeType.PERSIST || cascade == CascadeType.ALL;
            remove |= cascade == CascadeType.REMOVE || cascade == CascadeType.ALL;
        }
        this.cascadePersist = persist;
        this.cascadeRemove = remove;
        this.orphanRemoval = orphanRemoval;
        this.accessor = Accessor.of(owner, field, lookup);
    }

    /** The relation fields without a column of a class and its {@code @MappedSuperclass}es, in declaration order. */
    public static List<RelationSide> of(Class<?> type) {
        return SIDES.get(type);
    }

    /** The relation field of that name of a class, or {@code null}. */
    public static RelationSide find(Class<?> type, String name) {
        for (RelationSide side : of(type)) {
            if (side.name().equals(name)) {
                return side;
            }
        }
        return null;
    }

    /** Whether a field maps a relation without a column of its own (and so is not a column property). */
    static boolean isSideField(Field field) {
        OneToOne oneToOne = field.getAnnotation(OneToOne.class);
        return field.isAnnotationPresent(OneToMany.class) || field.isAnnotationPresent(ManyToMany.class)
                || oneToOne != null && !oneToOne.mappedBy().isEmpty();
    }

    private static List<RelationSide> discover(Class<?> type) {
        List<RelationSide> sides = new ArrayList<>();
        MethodHandles.Lookup lookup = null;
        for (Field field : MetadataDiscoverer.declaredFields(type)) {
            if (Modifier.isStatic(field.getModifiers()) || !isSideField(field)) {
                continue;
            }
            if (lookup == null) {
                lookup = MetadataDiscoverer.lookupIn(type);
            }
            sides.add(side(type, field, lookup));
        }
        return List.copyOf(sides);
    }

    private static RelationSide side(Class<?> type, Field field, MethodHandles.Lookup lookup) {
        OneToMany oneToMany = field.getAnnotation(OneToMany.class);
        ManyToMany manyToMany = field.getAnnotation(ManyToMany.class);
        if (oneToMany != null || manyToMany != null) {
            if (field.getType() != io.reactiveorm.EntityCollection.class) {
                throw OrmErrors.invalidMapping(type, field.getName(), "a " + (oneToMany != null ? "@OneToMany" : "@ManyToMany")
                        + " field must be declared as EntityCollection<Target> (initialised with new EntityCollection<>(this)), not "
                        + field.getType().getSimpleName());
            }
            Class<?> declared = oneToMany != null ? oneToMany.targetEntity() : manyToMany.targetEntity();
            Class<?> target = declared != void.class ? declared : elementType(type, field);
            if (declared != void.class && field.getGenericType() instanceof ParameterizedType parameterized
                    && parameterized.getActualTypeArguments()[0] instanceof Class<?> element && !element.isAssignableFrom(declared)) {
                throw OrmErrors.invalidMapping(type, field.getName(), "targetEntity " + declared.getSimpleName()
                        + " is not the collection's element type " + element.getSimpleName());
            }
            String mappedBy = oneToMany != null ? oneToMany.mappedBy() : manyToMany.mappedBy();
            if (!mappedBy.isEmpty()) {
                refuseColumnsOnInverseSide(type, field);
            }
            return oneToMany != null
                    ? new RelationSide(type, field, Kind.ONE_TO_MANY, target, oneToMany.mappedBy(), oneToMany.cascade(),
                            oneToMany.orphanRemoval(), lookup)
                    : new RelationSide(type, field, Kind.MANY_TO_MANY, target, manyToMany.mappedBy(), manyToMany.cascade(),
                            false, lookup);
        }
        OneToOne oneToOne = field.getAnnotation(OneToOne.class);
        refuseColumnsOnInverseSide(type, field);
        if (Modifier.isFinal(field.getModifiers())) {
            throw OrmErrors.invalidMapping(type, field.getName(), "an inverse @OneToOne field must not be final (loading writes it)");
        }
        if (oneToOne.orphanRemoval()) {
            throw OrmErrors.invalidMapping(type, field.getName(), ONE_TO_ONE_ORPHANS);
        }
        return new RelationSide(type, field, Kind.ONE_TO_ONE_INVERSE, field.getType(), oneToOne.mappedBy(),
                oneToOne.cascade(), false, lookup);
    }

    /** A side mapped by the other one has no column or table of its own: naming one would be silently ignored. */
    private static void refuseColumnsOnInverseSide(Class<?> type, Field field) {
        for (Class<? extends Annotation> a : List.of(JoinColumn.class, JoinColumns.class, JoinTable.class)) {
            if (field.isAnnotationPresent(a)) {
                throw OrmErrors.invalidMapping(type, field.getName(), "@" + a.getSimpleName() + " on the side with mappedBy is ignored;"
                        + " the columns and join table are mapped on the owning side (the property mappedBy names)");
            }
        }
    }

    private static Class<?> elementType(Class<?> type, Field field) {
        Type generic = field.getGenericType();
        if (generic instanceof ParameterizedType parameterized
                && parameterized.getActualTypeArguments()[0] instanceof Class<?> element) {
            return element;
        }
        throw OrmErrors.invalidMapping(type, field.getName(),
                "the element type of the collection is unknown; declare it as EntityCollection<Target> or set targetEntity");
    }

    /** The class that declares the relation (the entity class, for fields of a mapped superclass). */
    public Class<?> owner() {
        return owner;
    }

    public String name() {
        return field.getName();
    }

    public Kind kind() {
        return kind;
    }

    /** The entity class on the other end. */
    public Class<?> target() {
        return target;
    }

    /** The property on the target that owns the relation, or empty for the owning side of a many-to-many. */
    public String mappedBy() {
        return mappedBy;
    }

    /** Whether this side writes the relation: only the owning side of a many-to-many (its join rows). */
    public boolean isOwningManyToMany() {
        return kind == Kind.MANY_TO_MANY && mappedBy.isEmpty();
    }

    public boolean cascadesPersist() {
        return cascadePersist;
    }

    public boolean cascadesRemove() {
        return cascadeRemove;
    }

    public boolean orphanRemoval() {
        return orphanRemoval;
    }

    /** The field itself, for the annotations an Orm reads ({@code @JoinTable}). */
    Field field() {
        return field;
    }

    /** The field's value: an {@link io.reactiveorm.EntityCollection} or, for an inverse one-to-one, the target or null. */
    public Object get(Object entity) {
        return accessor.get(entity);
    }

    /** Writes the field; fails for a final collection field (which the Orm never needs to replace). */
    public void set(Object entity, Object value) {
        if (accessor.setter == null) {
            throw OrmErrors.invalidArgument("Cannot assign " + owner.getSimpleName() + "." + name() + ": the field is final");
        }
        accessor.set(entity, value);
    }

    @Override
    public String toString() {
        return owner.getSimpleName() + "." + name();
    }

    /**
     * The other end's field as seen from this side: for a one-to-many or an inverse one-to-one, the
     * owning to-one field on the target ({@code mappedBy}); for a many-to-many, the target's collection
     * of the other side, or {@code null} when the relation is mapped on this side only.
     */
    public Accessor inverse() {
        Accessor resolved = inverse;
        if (resolved == null && !inverseResolved) {
            resolved = resolveInverse();
            inverse = resolved;
            inverseResolved = true;
        }
        return resolved;
    }

    private Accessor resolveInverse() {
        if (kind == Kind.MANY_TO_MANY) {
            RelationSide other = mappedBy.isEmpty() ? null : find(target, mappedBy);
            if (other == null) {
                for (RelationSide candidate : of(target)) {
                    if (candidate.kind == Kind.MANY_TO_MANY && candidate.mappedBy.equals(name())
                            && candidate.target.isAssignableFrom(owner)) {
                        other = candidate;
                    }
                }
            }
            return other == null ? null : other.accessor;
        }
        for (Field candidate : MetadataDiscoverer.declaredFields(target)) {
            if (candidate.getName().equals(mappedBy) && !Modifier.isStatic(candidate.getModifiers())) {
                return Accessor.of(target, candidate, MetadataDiscoverer.lookupIn(target));
            }
        }
        return null;
    }

    /** Compiled read and write access to one field of the other end. */
    public static final class Accessor {
        private final MethodHandle getter;
        private final MethodHandle setter;

        private Accessor(MethodHandle getter, MethodHandle setter) {
            this.getter = getter;
            this.setter = setter;
        }

        /** Compiled access to a field; a final field gets no setter. */
        static Accessor of(Class<?> type, Field field, MethodHandles.Lookup lookup) {
            try {
                return new Accessor(lookup.unreflectGetter(field).asType(MethodType.methodType(Object.class, Object.class)),
                        Modifier.isFinal(field.getModifiers()) ? null
                                : lookup.unreflectSetter(field).asType(MethodType.methodType(void.class, Object.class, Object.class)));
            } catch (IllegalAccessException e) {
                throw OrmErrors.inaccessible(type, e);
            }
        }

        public Object get(Object entity) {
            try {
                return getter.invokeExact(entity);
            } catch (Throwable e) {
                throw PropertyMetadata.rethrow(e);
            }
        }

        /** Writes the field; a final field (a collection the entity initialises itself) is left alone. */
        public void set(Object entity, Object value) {
            if (setter == null) {
                return;
            }
            try {
                setter.invokeExact(entity, value);
            } catch (Throwable e) {
                throw PropertyMetadata.rethrow(e);
            }
        }
    }
}
