package io.reactiveorm.metadata;

import io.reactiveorm.internal.OrmErrors;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToOne;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import jakarta.persistence.Version;

import java.lang.invoke.CallSite;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/** Reads the jakarta.persistence annotations of one class, validates them and compiles its accessors. */
final class MetadataDiscoverer {

    private static final Map<Class<?>, Class<?>> BOXES = Map.of(
            boolean.class, Boolean.class, byte.class, Byte.class, short.class, Short.class,
            char.class, Character.class, int.class, Integer.class, long.class, Long.class,
            float.class, Float.class, double.class, Double.class);

    private final NamingStrategy naming;

    MetadataDiscoverer(NamingStrategy naming) {
        this.naming = naming;
    }

    static Class<?> box(Class<?> type) {
        return type.isPrimitive() ? BOXES.get(type) : type;
    }

    <T> EntityMetadata<T> discover(Class<T> type) {
        if (!type.isAnnotationPresent(Entity.class)) {
            throw OrmErrors.invalidMapping(type, null, "the class is not annotated with @Entity");
        }
        if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
            throw OrmErrors.invalidMapping(type, null, "an entity must be a concrete class");
        }
        MethodHandles.Lookup lookup = lookupIn(type);
        List<Field> fields = persistentFields(type);
        List<PropertyMetadata.Builder> builders = new ArrayList<>(fields.size());
        IdSettings idSettings = null;
        for (Field field : fields) {
            PropertyMetadata.Builder b = property(type, field, lookup);
            if (b.id) {
                if (idSettings != null) {
                    throw OrmErrors.invalidMapping(type, field.getName(),
                            "a second @Id; composite ids are not supported, keep one @Id property");
                }
                idSettings = idSettings(type, field, b);
            }
            builders.add(b);
        }
        if (idSettings == null) {
            throw OrmErrors.invalidMapping(type, null, "no @Id property; annotate the identifier field with @Id");
        }
        if (idSettings.generation == IdGeneration.IDENTITY && builders.size() == 1) {
            // an INSERT would name no column; the row would consist of the generated id only
            throw OrmErrors.invalidMapping(type, null, "the IDENTITY id is its only column, so there is nothing to insert;"
                    + " map at least one other column, or generate the id client-side (UUID) or from a SEQUENCE");
        }
        builders.sort(Comparator.comparing(b -> !b.id));
        PropertyMetadata[] properties = new PropertyMetadata[builders.size()];
        Map<String, PropertyMetadata> byName = new LinkedHashMap<>();
        Map<String, String> columns = new HashMap<>();
        for (int i = 0; i < properties.length; i++) {
            PropertyMetadata.Builder b = builders.get(i);
            b.index = i;
            String clash = columns.putIfAbsent(b.column.toLowerCase(Locale.ROOT), b.name);
            if (clash != null) {
                throw OrmErrors.invalidMapping(type, b.name,
                        "column '" + b.column + "' is already mapped by property '" + clash + "'");
            }
            properties[i] = new PropertyMetadata(b);
            byName.put(b.name, properties[i]);
        }
        Table table = type.getAnnotation(Table.class);
        String tableName = table != null && !table.name().isEmpty() ? table.name() : naming.tableName(type);
        String sequence = idSettings.sequenceName == null || !idSettings.sequenceName.isEmpty()
                ? idSettings.sequenceName : tableName + "_seq";
        return new EntityMetadata<>(type, tableName, properties, idSettings.generation, sequence,
                idSettings.allocationSize, instantiator(type, lookup), creators(type, lookup), byName);
    }

    /** The declared fields of a class and its {@code @MappedSuperclass}es, superclasses first. */
    static List<Field> declaredFields(Class<?> type) {
        Deque<Class<?>> hierarchy = new ArrayDeque<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            if (c == type || c.isAnnotationPresent(MappedSuperclass.class)) {
                hierarchy.addFirst(c);
            }
        }
        List<Field> fields = new ArrayList<>();
        for (Class<?> c : hierarchy) {
            fields.addAll(List.of(c.getDeclaredFields()));
        }
        return fields;
    }

    /** The fields mapped to columns: not static, transient or synthetic, and not a relation without a column. */
    private static List<Field> persistentFields(Class<?> type) {
        List<Field> fields = new ArrayList<>();
        for (Field field : declaredFields(type)) {
            int modifiers = field.getModifiers();
            if (Modifier.isStatic(modifiers) || Modifier.isTransient(modifiers)
                    || field.isAnnotationPresent(Transient.class) || field.isSynthetic() || RelationSide.isSideField(field)) {
                continue;
            }
            if (Modifier.isFinal(modifiers)) {
                throw OrmErrors.invalidMapping(type, field.getName(),
                        "a persistent field must not be final (hydration writes it); remove final or mark it @Transient");
            }
            fields.add(field);
        }
        return fields;
    }

    private PropertyMetadata.Builder property(Class<?> type, Field field, MethodHandles.Lookup lookup) {
        PropertyMetadata.Builder b = new PropertyMetadata.Builder();
        b.name = field.getName();
        b.javaType = field.getType();
        b.id = field.isAnnotationPresent(Id.class);
        b.version = field.isAnnotationPresent(Version.class);
        if (field.isAnnotationPresent(ManyToOne.class) || field.isAnnotationPresent(OneToOne.class)) {
            ToOneDiscoverer.discover(type, field, b, naming,
                    target -> property(target, ToOneDiscoverer.idField(type, b.name, target, persistentFields(target)), lookupIn(target)));
            accessors(type, field, lookup, b);
            return b;
        }
        Column column = field.getAnnotation(Column.class);
        b.column = column != null && !column.name().isEmpty() ? column.name() : naming.columnName(b.name);
        if (column != null) {
            b.nullable = column.nullable();
            b.unique = column.unique();
            b.length = column.length();
            // each is kept when given; precision alone means scale 0 (as in JPA), scale alone keeps precision 38
            if (column.precision() > 0) {
                b.precision = column.precision();
                b.scale = column.scale();
            } else if (column.scale() > 0) {
                b.scale = column.scale();
            }
        }
        if (b.javaType.isPrimitive() || b.id || b.version) {
            b.nullable = false;
        }
        valueType(type, field, b);
        if (b.valueType == ValueType.BIG_DECIMAL && column != null && column.scale() < 0) {
            // PostgreSQL 15+ alone has negative scales; MariaDB, MySQL and H2 refuse them in the DDL
            throw OrmErrors.invalidMapping(type, b.name, "@Column scale " + column.scale()
                    + " is negative; decimal columns have a scale of 0 or more");
        }
        if (b.valueType == ValueType.BIG_DECIMAL && b.scale > b.precision) {
            throw OrmErrors.invalidMapping(type, b.name, "@Column scale " + b.scale + " exceeds its precision " + b.precision
                    + "; give a precision of at least " + b.scale);
        }
        if (b.version && !b.valueType.isIntegral()) {
            throw OrmErrors.invalidMapping(type, b.name,
                    "@Version must be a short, int or long (or their boxes), not " + b.javaType.getSimpleName());
        }
        if (b.javaType.isPrimitive()) {
            b.primitiveDefault = java.lang.reflect.Array.get(java.lang.reflect.Array.newInstance(b.javaType, 1), 0);
        }
        accessors(type, field, lookup, b);
        return b;
    }

    private static void accessors(Class<?> type, Field field, MethodHandles.Lookup lookup, PropertyMetadata.Builder b) {
        try {
            b.getter = lookup.unreflectGetter(field).asType(MethodType.methodType(Object.class, Object.class));
            b.setter = lookup.unreflectSetter(field).asType(MethodType.methodType(void.class, Object.class, Object.class));
        } catch (IllegalAccessException e) {
            throw OrmErrors.inaccessible(type, e);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void valueType(Class<?> type, Field field, PropertyMetadata.Builder b) {
        Class<?> javaType = box(b.javaType);
        if (javaType.isEnum()) {
            Enumerated enumerated = field.getAnnotation(Enumerated.class);
            Object[] constants = javaType.getEnumConstants();
            if (enumerated != null && enumerated.value() == EnumType.STRING) {
                b.valueType = ValueType.STRING;
                Class<? extends Enum> enumType = (Class<? extends Enum>) javaType;
                b.toColumn = value -> ((Enum<?>) value).name();
                Map<String, Object> byName = new HashMap<>();
                for (Object constant : constants) {
                    byName.put(((Enum<?>) constant).name(), constant);
                }
                b.fromColumn = value -> {
                    Object constant = byName.get((String) value);
                    if (constant == null) {
                        throw OrmErrors.unknownEnumValue(type.getSimpleName(), field.getName(), javaType, value);
                    }
                    return constant;
                };
            } else {
                b.valueType = ValueType.INTEGER;
                b.toColumn = value -> ((Enum<?>) value).ordinal();
                b.fromColumn = value -> {
                    int ordinal = ((Number) value).intValue();
                    if (ordinal < 0 || ordinal >= constants.length) {
                        throw OrmErrors.unknownEnumValue(type.getSimpleName(), field.getName(), javaType, value);
                    }
                    return constants[ordinal];
                };
            }
            return;
        }
        if (javaType == Byte.class) {
            b.valueType = ValueType.SHORT;
            b.toColumn = value -> (short) (byte) (Byte) value;
            b.fromColumn = value -> ((Number) value).byteValue();
            return;
        }
        if (javaType == Character.class) {
            b.valueType = ValueType.STRING;
            b.length = 1;
            // '\0' (a char field's default) is stored as NULL, so the column is nullable: PostgreSQL text cannot hold NUL
            b.nullable = true;
            b.toColumn = value -> (Character) value == '\0' ? null : value.toString();
            b.fromColumn = value -> ((String) value).isEmpty() ? '\0' : ((String) value).charAt(0);
            return;
        }
        b.valueType = ValueType.ofJavaType(javaType);
        if (b.valueType == null) {
            throw OrmErrors.invalidMapping(type, b.name, "unsupported type " + b.javaType.getName()
                    + "; supported are primitives and their boxes, String, BigDecimal, UUID, enums, Instant,"
                    + " LocalDate, LocalDateTime, OffsetDateTime and byte[] (or mark it @Transient)");
        }
        widenIntegers(b);
    }

    /**
     * Drivers may hand back a wider or narrower integer than the field; normalise on read. A value of
     * the right box already (the usual case) passes through without unboxing and boxing again.
     */
    private static void widenIntegers(PropertyMetadata.Builder b) {
        Function<Object, Object> from = switch (b.valueType) {
            case SHORT -> value -> value instanceof Short ? value : (Object) ((Number) value).shortValue();
            case INTEGER -> value -> value instanceof Integer ? value : (Object) ((Number) value).intValue();
            case LONG -> value -> value instanceof Long ? value : (Object) ((Number) value).longValue();
            default -> null;
        };
        if (from != null) {
            b.fromColumn = from;
        }
    }

    private static IdSettings idSettings(Class<?> type, Field field, PropertyMetadata.Builder b) {
        GeneratedValue generated = field.getAnnotation(GeneratedValue.class);
        if (generated == null) {
            return new IdSettings(IdGeneration.ASSIGNED, null, 1);
        }
        GenerationType strategy = generated.strategy();
        if (strategy == GenerationType.AUTO) {
            strategy = b.valueType == ValueType.UUID ? GenerationType.UUID : GenerationType.IDENTITY;
        }
        switch (strategy) {
            case UUID -> {
                if (b.valueType != ValueType.UUID) {
                    throw OrmErrors.invalidMapping(type, b.name, "@GeneratedValue(strategy = UUID) needs a java.util.UUID id");
                }
                return new IdSettings(IdGeneration.UUID, null, 1);
            }
            case IDENTITY -> {
                requireIntegralId(type, b, "IDENTITY");
                return new IdSettings(IdGeneration.IDENTITY, null, 1);
            }
            case SEQUENCE -> {
                requireIntegralId(type, b, "SEQUENCE");
                SequenceGenerator generator = field.getAnnotation(SequenceGenerator.class);
                if (generator == null) {
                    generator = type.getAnnotation(SequenceGenerator.class);
                }
                String name = generator == null ? "" : generator.sequenceName();
                int allocation = generator == null ? 50 : generator.allocationSize();
                if (allocation < 1) {
                    throw OrmErrors.invalidMapping(type, b.name, "@SequenceGenerator allocationSize must be at least 1");
                }
                return new IdSettings(IdGeneration.SEQUENCE, name, allocation);
            }
            default -> throw OrmErrors.invalidMapping(type, b.name,
                    "@GeneratedValue(strategy = " + strategy + ") is not supported; use IDENTITY, SEQUENCE or UUID");
        }
    }

    private static void requireIntegralId(Class<?> type, PropertyMetadata.Builder b, String strategy) {
        if (b.valueType != ValueType.INTEGER && b.valueType != ValueType.LONG) {
            throw OrmErrors.invalidMapping(type, b.name,
                    "@GeneratedValue(strategy = " + strategy + ") needs a Long or Integer id, not " + b.javaType.getSimpleName());
        }
        if (b.javaType.isPrimitive()) {
            // null is how a new instance says it has no id yet; a primitive's 0 would be inserted as the id
            throw OrmErrors.invalidMapping(type, b.name, "@GeneratedValue(strategy = " + strategy + ") needs a Long or Integer id"
                    + " (null until the id is generated), not the primitive " + b.javaType.getSimpleName());
        }
    }

    static MethodHandles.Lookup lookupIn(Class<?> type) {
        try {
            return MethodHandles.privateLookupIn(type, MethodHandles.lookup());
        } catch (IllegalAccessException e) {
            throw OrmErrors.inaccessible(type, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> Supplier<T> instantiator(Class<T> type, MethodHandles.Lookup lookup) {
        MethodHandle constructor;
        try {
            constructor = lookup.findConstructor(type, MethodType.methodType(void.class));
        } catch (NoSuchMethodException e) {
            throw OrmErrors.invalidMapping(type, null,
                    "no no-argument constructor; add one (it may be protected or private) so rows can be hydrated");
        } catch (IllegalAccessException e) {
            throw OrmErrors.inaccessible(type, e);
        }
        try {
            CallSite site = LambdaMetafactory.metafactory(lookup, "get", MethodType.methodType(Supplier.class),
                    MethodType.methodType(Object.class), constructor, MethodType.methodType(type));
            return (Supplier<T>) site.getTarget().invoke();
        } catch (Throwable metafactoryRefused) {
            // private constructors of nested classes can refuse LambdaMetafactory; a method handle still works
            MethodHandle generic = constructor.asType(MethodType.methodType(Object.class));
            return () -> {
                try {
                    return (T) generic.invokeExact();
                } catch (RuntimeException | Error e) {
                    throw e;
                } catch (Throwable e) {
                    throw new IllegalStateException(e);
                }
            };
        }
    }

    private static List<EntityCreator> creators(Class<?> type, MethodHandles.Lookup lookup) {
        List<EntityCreator> creators = new ArrayList<>();
        for (Constructor<?> constructor : type.getDeclaredConstructors()) {
            Parameter[] parameters = constructor.getParameters();
            if (parameters.length == 0 || !parameters[0].isNamePresent()) {
                continue;
            }
            List<String> names = new ArrayList<>(parameters.length);
            for (Parameter parameter : parameters) {
                names.add(parameter.getName());
            }
            try {
                MethodHandle handle = lookup.unreflectConstructor(constructor)
                        .asSpreader(Object[].class, parameters.length);
                creators.add(new EntityCreator(names, handle));
            } catch (IllegalAccessException e) {
                throw OrmErrors.inaccessible(type, e);
            }
        }
        creators.sort(Comparator.comparingInt((EntityCreator c) -> c.parameterNames().size()).reversed());
        return List.copyOf(creators);
    }

    private record IdSettings(IdGeneration generation, String sequenceName, int allocationSize) {
    }
}
