package io.reactiveorm.metadata;

import io.reactiveorm.internal.OrmErrors;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The metadata of every entity of an Orm, discovered and validated once.
 *
 * <p>Thread-safety: immutable after {@link #discover}.
 */
public final class Metadata {

    private final Map<Class<?>, EntityMetadata<?>> entities;

    private Metadata(Map<Class<?>, EntityMetadata<?>> entities) {
        this.entities = entities;
    }

    /**
     * Discovers and validates the given entity classes.
     *
     * @throws io.reactiveorm.MappingException naming the class and property of the first invalid mapping
     */
    public static Metadata discover(Collection<Class<?>> entityTypes, NamingStrategy naming) {
        MetadataDiscoverer discoverer = new MetadataDiscoverer(naming);
        Map<Class<?>, EntityMetadata<?>> entities = new LinkedHashMap<>();
        Map<String, String> tables = new LinkedHashMap<>();
        for (Class<?> type : entityTypes) {
            if (entities.containsKey(type)) {
                continue;
            }
            EntityMetadata<?> meta = discoverer.discover(type);
            String clash = tables.putIfAbsent(meta.table().toLowerCase(java.util.Locale.ROOT), type.getName());
            if (clash != null) {
                throw OrmErrors.invalidMapping(type, null, "table '" + meta.table() + "' is already mapped by " + clash);
            }
            entities.put(type, meta);
        }
        for (EntityMetadata<?> meta : entities.values()) {
            for (PropertyMetadata p : meta.toOnes()) {
                EntityMetadata<?> target = entities.get(p.javaType());
                if (target == null) {
                    throw OrmErrors.invalidMapping(meta.type(), p.name(), "the relation targets " + p.javaType().getName()
                            + ", which is not a registered entity; add it to Orm.builder().entities(...)");
                }
                p.linkTarget(target);
                target.markTargetOfColumn();
            }
        }
        new RelationLinker(entities, naming, tables).link();
        return new Metadata(Collections.unmodifiableMap(entities));
    }

    /** The metadata of an entity class; fails with an error naming the class when it is not registered. */
    @SuppressWarnings("unchecked")
    public <T> EntityMetadata<T> get(Class<T> type) {
        EntityMetadata<?> meta = entities.get(type);
        if (meta == null) {
            throw OrmErrors.unknownEntity(type);
        }
        return (EntityMetadata<T>) meta;
    }

    /** Every entity, in registration order. */
    public Collection<EntityMetadata<?>> entities() {
        return entities.values();
    }
}
