package io.reactiveorm.query;

import io.reactiveorm.internal.OrmErrors;
import io.reactiveorm.metadata.EntityMetadata;
import io.reactiveorm.metadata.PropertyMetadata;
import io.reactiveorm.metadata.ValueType;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Checks a query against an entity's metadata at assembly time: every property (or relation path,
 * see {@link PropertyPath}) exists, every value has the property's type, LIKE only on strings. Errors
 * name the entity, property (or path segment) and operator.
 */
public final class FilterValidator {

    private FilterValidator() {
    }

    /**
     * Whether a pattern ends with an escape that escapes nothing: the databases disagree on it (PostgreSQL
     * fails, H2 matches nothing, MariaDB matches a backslash).
     */
    private static boolean endsWithEscape(String pattern) {
        int backslashes = 0;
        for (int i = pattern.length() - 1; i >= 0 && pattern.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    /** Validates filter and order of a query. */
    public static void validate(EntityMetadata<?> meta, Query<?> query) {
        validate(meta, query.filter());
        for (Query.Order order : query.orderBy()) {
            meta.property(order.property());
        }
    }

    public static void validate(EntityMetadata<?> meta, Filter filter) {
        if (filter instanceof Filter.Comparison c) {
            PropertyMetadata p = PropertyPath.resolve(meta, c.property()).property();
            if (c.value() == null) {
                throw OrmErrors.nullInComparison(meta.name(), c.property(), c.operator().name());
            }
            if (c.operator() == Operator.LIKE && p.valueType() != ValueType.STRING) {
                throw OrmErrors.wrongValueType(meta.name(), c.property(), "LIKE", p.javaType(), c.value());
            }
            requireType(meta, p, c.property(), c.operator().name(), c.value());
            if (c.operator() == Operator.LIKE && endsWithEscape((String) c.value())) {
                throw OrmErrors.invalidArgument("The LIKE pattern '" + c.value() + "' for " + meta.name() + "." + c.property()
                        + " ends with the escape character \\; escape it (\\\\) to match a backslash");
            }
        } else if (filter instanceof Filter.In in) {
            PropertyMetadata p = PropertyPath.resolve(meta, in.property()).property();
            for (Object value : in.values()) {
                if (value == null) {
                    throw OrmErrors.nullInComparison(meta.name(), in.property(), "IN");
                }
                requireType(meta, p, in.property(), "IN", value);
            }
        } else if (filter instanceof Filter.Null n) {
            PropertyPath.resolve(meta, n.property());
        } else {
            for (Filter part : ((Filter.Junction) filter).parts()) {
                validate(meta, part);
            }
        }
    }

    /**
     * The entity types whose unflushed changes a filter on {@code root} can see: the root, every entity a
     * relation path goes through, and the targets of to-one properties compared with an entity (a new one
     * has no id to bind until it is flushed). Auto-flush flushes when any of them has changes.
     */
    public static Set<EntityMetadata<?>> queriedTypes(EntityMetadata<?> root, Filter filter) {
        Set<EntityMetadata<?>> types = new LinkedHashSet<>();
        types.add(root);
        addQueriedTypes(root, filter, types);
        return types;
    }

    private static void addQueriedTypes(EntityMetadata<?> root, Filter filter, Set<EntityMetadata<?>> types) {
        if (!(filter instanceof Filter.OnProperty condition)) {
            for (Filter part : ((Filter.Junction) filter).parts()) {
                addQueriedTypes(root, part, types);
            }
            return;
        }
        PropertyPath path = PropertyPath.resolve(root, condition.property());
        for (PropertyPath.Step step : path.steps()) {
            types.add(step.target());
        }
        if (path.property().isToOne() && !(filter instanceof Filter.Null)) {
            types.add(path.property().target());
        }
    }

    private static void requireType(EntityMetadata<?> meta, PropertyMetadata p, String path, String operator, Object value) {
        if (!p.accepts(value)) {
            throw OrmErrors.wrongValueType(meta.name(), path, operator, p.javaType(), value);
        }
    }
}
