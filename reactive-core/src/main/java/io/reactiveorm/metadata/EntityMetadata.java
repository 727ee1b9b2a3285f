package io.reactiveorm.metadata;

import io.reactiveorm.internal.OrmErrors;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Everything reactive-orm knows about one entity class, discovered and validated once at start-up.
 * Value rows exchanged with drivers are {@code Object[]} aligned with {@link #properties()}.
 *
 * <p>Thread-safety: immutable, shared by every EntityManager of an Orm.
 *
 * @param <T> the entity class
 */
public final class EntityMetadata<T> {

    private final Class<T> type;
    private final String name;
    private final String table;
    private final PropertyMetadata[] properties;
    private final PropertyMetadata id;
    private final PropertyMetadata version;
    private final IdGeneration idGeneration;
    private final String sequenceName;
    private final int allocationSize;
    private final Supplier<T> instantiator;
    private final List<EntityCreator> creators;
    private final Map<String, PropertyMetadata> byName;
    private final PropertyMetadata[] toOnes;
    /** Indices of the byte[] properties: arrays the application can change in place, so snapshots keep their own copies. */
    private final int[] byteArrays;
    /** Linked once by {@link Metadata#discover} after every entity was discovered; never changes afterwards. */
    private RelationMetadata[] relations = new RelationMetadata[0];
    /** Linked with the relations: the join tables holding this entity's id, seen from this entity's side. */
    private JoinTableMetadata[] joinTables = new JoinTableMetadata[0];
    /** Set by {@link Metadata#discover} when a to-one column of any entity, this one included, holds this entity's id. */
    private boolean targetOfColumn;

    EntityMetadata(Class<T> type, String table, PropertyMetadata[] properties, IdGeneration idGeneration,
                   String sequenceName, int allocationSize, Supplier<T> instantiator,
                   List<EntityCreator> creators, Map<String, PropertyMetadata> byName) {
        this.type = type;
        this.name = type.getSimpleName();
        this.table = table;
        this.properties = properties;
        this.idGeneration = idGeneration;
        this.sequenceName = sequenceName;
        this.allocationSize = allocationSize;
        this.instantiator = instantiator;
        this.creators = creators;
        this.byName = Collections.unmodifiableMap(byName);
        PropertyMetadata idProperty = null;
        PropertyMetadata versionProperty = null;
        for (PropertyMetadata p : properties) {
            if (p.isId()) {
                idProperty = p;
            }
            if (p.isVersion()) {
                versionProperty = p;
            }
        }
        this.id = idProperty;
        this.version = versionProperty;
        this.toOnes = java.util.Arrays.stream(properties).filter(PropertyMetadata::isToOne).toArray(PropertyMetadata[]::new);
        this.byteArrays = java.util.Arrays.stream(properties)
                .filter(p -> !p.isToOne() && p.valueType() == ValueType.BYTES).mapToInt(PropertyMetadata::index).toArray();
    }

    public Class<T> type() {
        return type;
    }

    /** The entity name used in messages: the simple class name. */
    public String name() {
        return name;
    }

    /** The unquoted table name. */
    public String table() {
        return table;
    }

    /** Every persistent property, id first; the order of value rows. Do not modify the array. */
    public PropertyMetadata[] properties() {
        return properties;
    }

    public PropertyMetadata id() {
        return id;
    }

    /** The {@code @Version} property, or {@code null} when the entity is not versioned. */
    public PropertyMetadata version() {
        return version;
    }

    /** The owning to-one relations (foreign-key columns), in property order; empty when none. Do not modify the array. */
    public PropertyMetadata[] toOnes() {
        return toOnes;
    }

    /** The relations without a column (collections, inverse one-to-ones), in field order. Do not modify the array. */
    public RelationMetadata[] relations() {
        return relations;
    }

    /** The relation without a column of that name, or {@code null}. */
    public RelationMetadata findRelation(String relationName) {
        for (RelationMetadata relation : relations) {
            if (relation.name().equals(relationName)) {
                return relation;
            }
        }
        return null;
    }

    /** The names of every relation, to-ones first, for messages. */
    public List<String> relationNames() {
        List<String> names = new java.util.ArrayList<>();
        for (PropertyMetadata p : toOnes) {
            names.add(p.name());
        }
        for (RelationMetadata r : relations) {
            names.add(r.name());
        }
        return names;
    }

    void linkRelations(RelationMetadata[] linked) {
        this.relations = linked;
    }

    /**
     * The join tables with a column holding this entity's id, each seen from this entity's side (its
     * {@link JoinTableMetadata#ownerColumn()} is that column), whether or not this entity maps the
     * relation: their rows go before the entity's own row is deleted. Do not modify the array.
     */
    public JoinTableMetadata[] joinTables() {
        return joinTables;
    }

    void addJoinTable(JoinTableMetadata joinTable) {
        JoinTableMetadata[] grown = java.util.Arrays.copyOf(joinTables, joinTables.length + 1);
        grown[joinTables.length] = joinTable;
        this.joinTables = grown;
    }

    /**
     * Whether any foreign key holds this entity's id: a to-one column of any entity (this one included)
     * or a join table. A row of an entity nothing references can be deleted at any point of a flush.
     */
    public boolean isReferenced() {
        return targetOfColumn || joinTables.length > 0;
    }

    void markTargetOfColumn() {
        this.targetOfColumn = true;
    }

    public IdGeneration idGeneration() {
        return idGeneration;
    }

    /** The sequence of a {@link IdGeneration#SEQUENCE} id, else {@code null}. */
    public String sequenceName() {
        return sequenceName;
    }

    /** How many ids one sequence value covers ({@code @SequenceGenerator.allocationSize}). */
    public int allocationSize() {
        return allocationSize;
    }

    /** The property of that name, or {@code null}. */
    public PropertyMetadata findProperty(String propertyName) {
        return byName.get(propertyName);
    }

    /** The property of that name; fails with an error naming the entity and its properties. */
    public PropertyMetadata property(String propertyName) {
        PropertyMetadata p = byName.get(propertyName);
        if (p == null) {
            throw OrmErrors.unknownProperty(name, propertyName, byName.keySet());
        }
        return p;
    }

    /** A new empty instance through the compiled no-arg constructor. */
    public T newInstance() {
        return instantiator.get();
    }

    /** Constructors whose parameter names are known, most parameters first (for {@code create}). */
    public List<EntityCreator> creators() {
        return creators;
    }

    /**
     * The Java values of every property of an instance, aligned with {@link #properties()}. A byte[]
     * value is a copy, so a later change of the instance's array in place still differs from it.
     */
    public Object[] snapshot(Object entity) {
        Object[] values = new Object[properties.length];
        for (int i = 0; i < properties.length; i++) {
            values[i] = properties[i].get(entity);
        }
        for (int i : byteArrays) {
            values[i] = copyOf(values[i]);
        }
        return values;
    }

    /**
     * Writes Java values aligned with {@link #properties()} into an instance. A byte[] value is then
     * replaced in {@code values} by a copy, so the values can serve as the instance's snapshot.
     */
    public void hydrate(Object entity, Object[] values) {
        for (int i = 0; i < properties.length; i++) {
            properties[i].set(entity, values[i]);
        }
        for (int i : byteArrays) {
            values[i] = copyOf(values[i]);
        }
    }

    private static Object copyOf(Object bytes) {
        return bytes == null ? null : ((byte[]) bytes).clone();
    }

    @Override
    public String toString() {
        return name;
    }
}
