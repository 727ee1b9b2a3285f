package io.reactiveorm;

import io.reactiveorm.internal.OrmErrors;
import io.reactiveorm.metadata.EntityCreator;
import io.reactiveorm.metadata.EntityMetadata;
import io.reactiveorm.metadata.IdGeneration;
import io.reactiveorm.metadata.PropertyMetadata;
import io.reactiveorm.unitofwork.UnitOfWork;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@link EntityManager#create} does before persisting: checks the values against the metadata,
 * turns to-one ids into references, instantiates through a matching constructor (else the no-arg
 * one and setters) and checks that every required property has a value. No I/O.
 *
 * <p>Thread-safety: stateless; the unit of work it is given is not thread-safe.
 */
final class EntityFactory {

    private EntityFactory() {
    }

    static <T> T create(EntityMetadata<T> meta, Map<String, ?> data, UnitOfWork uow) {
        for (Map.Entry<String, ?> e : data.entrySet()) {
            PropertyMetadata p = meta.property(e.getKey());
            if (!p.accepts(e.getValue())) {
                throw OrmErrors.wrongValueType(meta.name(), p.name(), null, p.javaType(), e.getValue());
            }
        }
        data = withReferences(meta, data, uow);
        Set<String> assigned = new HashSet<>();
        T entity = instantiate(meta, data, assigned);
        for (Map.Entry<String, ?> e : data.entrySet()) {
            if (!assigned.contains(e.getKey())) {
                meta.property(e.getKey()).set(entity, e.getValue());
            }
        }
        List<String> missing = new ArrayList<>();
        for (PropertyMetadata p : meta.properties()) {
            boolean generated = p.isVersion() || p.isId() && meta.idGeneration() != IdGeneration.ASSIGNED;
            if (!p.nullable() && !generated && !p.javaType().isPrimitive() && p.get(entity) == null) {
                missing.add(p.name());
            }
        }
        if (!missing.isEmpty()) {
            throw OrmErrors.missingRequired(meta.name(), missing);
        }
        return entity;
    }

    /** {@code data} with to-one values given as ids replaced by the managed instance or a reference of that id. */
    private static Map<String, ?> withReferences(EntityMetadata<?> meta, Map<String, ?> data, UnitOfWork uow) {
        if (meta.toOnes().length == 0) {
            return data;
        }
        Map<String, Object> resolved = new LinkedHashMap<>(data);
        for (PropertyMetadata toOne : meta.toOnes()) {
            Object value = resolved.get(toOne.name());
            if (value != null && !toOne.javaType().isInstance(value)) {
                resolved.put(toOne.name(), uow.reference(toOne.target(), value));
            }
        }
        return resolved;
    }

    @SuppressWarnings("unchecked")
    private static <T> T instantiate(EntityMetadata<T> meta, Map<String, ?> data, Set<String> assigned) {
        for (EntityCreator creator : meta.creators()) {
            if (data.keySet().containsAll(creator.parameterNames())) {
                Object[] arguments = new Object[creator.parameterNames().size()];
                for (int i = 0; i < arguments.length; i++) {
                    arguments[i] = data.get(creator.parameterNames().get(i));
                }
                assigned.addAll(creator.parameterNames());
                return (T) creator.create(arguments);
            }
        }
        return meta.newInstance();
    }
}
