package io.reactiveorm.metadata;

import java.lang.invoke.MethodHandle;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.function.Function;

/**
 * One persistent property of an entity: its column, its types and its compiled accessors.
 * Reading and writing go through method handles resolved once at start-up; no reflection on the
 * hot path.
 *
 * <p>Thread-safety: immutable, shared by every EntityManager of an Orm.
 */
public final class PropertyMetadata {

    private final String name;
    private final String column;
    private final Class<?> javaType;
    private final ValueType valueType;
    private final boolean nullable;
    private final boolean unique;
    private final int length;
    private final int precision;
    private final int scale;
    private final boolean id;
    private final boolean version;
    private final int index;
    private final MethodHandle getter;
    private final MethodHandle setter;
    private final Function<Object, Object> toColumn;
    private final Function<Object, Object> fromColumn;
    private final Object primitiveDefault;
    private final Class<?> targetType;
    private final Function<Object, Object> targetId;
    private final boolean cascadePersist;
    private final boolean cascadeRemove;
    /** Linked once by {@link Metadata#discover} after every entity was discovered; never changes afterwards. */
    private EntityMetadata<?> target;

    PropertyMetadata(Builder b) {
        this.name = b.name;
        this.column = b.column;
        this.javaType = b.javaType;
        this.valueType = b.valueType;
        this.nullable = b.nullable;
        this.unique = b.unique;
        this.length = b.length;
        this.precision = b.precision;
        this.scale = b.scale;
        this.id = b.id;
        this.version = b.version;
        this.index = b.index;
        this.getter = b.getter;
        this.setter = b.setter;
        this.toColumn = b.toColumn;
        this.fromColumn = b.fromColumn;
        this.primitiveDefault = b.primitiveDefault;
        this.targetType = b.targetType;
        this.targetId = b.targetId;
        this.cascadePersist = b.cascadePersist;
        this.cascadeRemove = b.cascadeRemove;
    }

    /** The Java property (field) name. */
    public String name() {
        return name;
    }

    /** The unquoted column name. */
    public String column() {
        return column;
    }

    /** The declared Java type of the field (possibly primitive or an enum). */
    public Class<?> javaType() {
        return javaType;
    }

    /** The column-level type the driver binds and reads. */
    public ValueType valueType() {
        return valueType;
    }

    public boolean nullable() {
        return nullable;
    }

    public boolean unique() {
        return unique;
    }

    /** Column length for strings and byte arrays. */
    public int length() {
        return length;
    }

    public int precision() {
        return precision;
    }

    public int scale() {
        return scale;
    }

    public boolean isId() {
        return id;
    }

    public boolean isVersion() {
        return version;
    }

    /** Whether this is the owning side of a to-one relation ({@code @ManyToOne} or owning {@code @OneToOne}). */
    public boolean isToOne() {
        return targetType != null;
    }

    /** The entity a to-one relation points to, or {@code null} for a plain column. */
    public EntityMetadata<?> target() {
        return target;
    }

    /** Whether new entities reached through this to-one are persisted with its owner (cascade PERSIST or ALL). */
    public boolean cascadesPersist() {
        return cascadePersist;
    }

    /** Whether removing the owner removes the target too (cascade REMOVE or ALL). */
    public boolean cascadesRemove() {
        return cascadeRemove;
    }

    /** The target id of a to-one value, which may be a target instance or an id already; {@code null} stays null. */
    public Object targetIdOf(Object value) {
        return value == null || !targetType.isInstance(value) ? value : targetId.apply(value);
    }

    void linkTarget(EntityMetadata<?> targetMeta) {
        this.target = targetMeta;
    }

    /** Position of this property in {@link EntityMetadata#properties()} and in every value row. */
    public int index() {
        return index;
    }

    /** Reads the Java value of this property from an entity instance. */
    public Object get(Object entity) {
        try {
            return getter.invokeExact(entity);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    /** Writes a Java value into an entity instance; {@code null} into a primitive writes its default. */
    public void set(Object entity, Object value) {
        try {
            setter.invokeExact(entity, value == null ? primitiveDefault : value);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    /** Converts a Java value of this property into the value bound for its column. */
    public Object toColumnValue(Object javaValue) {
        return javaValue == null || toColumn == null ? javaValue : toColumn.apply(javaValue);
    }

    /** Converts a value read from the column into the Java value of this property (NULL into a primitive: its default). */
    public Object fromColumnValue(Object columnValue) {
        if (columnValue == null) {
            return primitiveDefault;
        }
        return fromColumn == null ? columnValue : fromColumn.apply(columnValue);
    }

    /** Whether a Java value can be assigned to this property (boxing and enum constants considered). */
    public boolean accepts(Object javaValue) {
        if (targetType != null && javaValue != null) {
            return targetType.isInstance(javaValue) || target.id().accepts(javaValue);
        }
        return javaValue == null ? !javaType.isPrimitive() : MetadataDiscoverer.box(javaType).isInstance(javaValue);
    }

    /** Equality as change detection sees it: arrays by content, decimals by numeric value. */
    public boolean sameValue(Object a, Object b) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null) {
            return false;
        }
        if (targetType != null) {
            // a reference and the loaded instance of one id are the same value; a new target (no id) only itself
            Object idA = targetIdOf(a);
            return idA != null && idA.equals(targetIdOf(b));
        }
        if (valueType == ValueType.BYTES) {
            return Arrays.equals((byte[]) a, (byte[]) b);
        }
        if (valueType == ValueType.BIG_DECIMAL) {
            return ((BigDecimal) a).compareTo((BigDecimal) b) == 0;
        }
        if (valueType == ValueType.OFFSET_DATE_TIME) {
            // the instant is what is stored: 14:00+02:00 set on an entity loaded as 12:00Z is no change
            return ((OffsetDateTime) a).isEqual((OffsetDateTime) b);
        }
        return a.equals(b);
    }

    @Override
    public String toString() {
        return name + "(" + column + ")";
    }

    static RuntimeException rethrow(Throwable e) {
        if (e instanceof RuntimeException runtime) {
            return runtime;
        }
        if (e instanceof Error error) {
            throw error;
        }
        return new IllegalStateException(e);
    }

    static final class Builder {
        String name;
        String column;
        Class<?> javaType;
        ValueType valueType;
        boolean nullable = true;
        boolean unique;
        int length = 255;
        int precision = 38;
        int scale = 2;
        boolean id;
        boolean version;
        int index;
        MethodHandle getter;
        MethodHandle setter;
        Function<Object, Object> toColumn;
        Function<Object, Object> fromColumn;
        Object primitiveDefault;
        Class<?> targetType;
        Function<Object, Object> targetId;
        boolean cascadePersist;
        boolean cascadeRemove;
    }
}
