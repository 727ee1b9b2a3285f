package io.reactiveorm.query;

import io.reactiveorm.internal.OrmErrors;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * A condition on an entity's properties: a value, not SQL. Drivers render it with every value
 * bound, so a filter built from user input cannot reach raw SQL. Property names are checked
 * against the entity's metadata, and values against the property's type, when a query is built.
 *
 * <pre>{@code
 * Filter.and(Filter.gte("age", 18), Filter.or(Filter.like("name", "A%"), Filter.isNull("email")))
 * }</pre>
 *
 * <p>Thread-safety: immutable.
 */
public sealed interface Filter permits Filter.OnProperty, Filter.Junction {

    /** Matches every row. */
    static Filter all() {
        return Junction.ALL;
    }

    static Filter eq(String property, Object value) {
        return new Comparison(property, Operator.EQ, value);
    }

    static Filter ne(String property, Object value) {
        return new Comparison(property, Operator.NE, value);
    }

    static Filter gt(String property, Object value) {
        return new Comparison(property, Operator.GT, value);
    }

    static Filter gte(String property, Object value) {
        return new Comparison(property, Operator.GTE, value);
    }

    static Filter lt(String property, Object value) {
        return new Comparison(property, Operator.LT, value);
    }

    static Filter lte(String property, Object value) {
        return new Comparison(property, Operator.LTE, value);
    }

    /** SQL LIKE with {@code %} and {@code _} wildcards; the pattern is bound, never inlined. */
    static Filter like(String property, String pattern) {
        return new Comparison(property, Operator.LIKE, pattern);
    }

    /** The property is one of the values; an empty collection matches nothing. */
    static Filter in(String property, Collection<?> values) {
        return new In(property, java.util.Collections.unmodifiableList(new ArrayList<>(Objects.requireNonNull(values, "values"))));
    }

    static Filter isNull(String property) {
        return new Null(property, false);
    }

    static Filter isNotNull(String property) {
        return new Null(property, true);
    }

    static Filter and(Filter... filters) {
        return new Junction(true, List.of(filters));
    }

    static Filter or(Filter... filters) {
        return new Junction(false, List.of(filters));
    }

    /** A condition on one property (or relation path): a comparison, an IN list or a null test. */
    sealed interface OnProperty extends Filter permits Comparison, In, Null {
        String property();
    }

    /** {@code property operator value}; a null value is refused (use {@link #isNull}). */
    record Comparison(String property, Operator operator, Object value) implements OnProperty {
        public Comparison {
            requireProperty(property);
            Objects.requireNonNull(operator, "operator");
        }
    }

    /** {@code property IN (values)}. */
    record In(String property, List<Object> values) implements OnProperty {
        public In {
            requireProperty(property);
        }
    }

    /** {@code property IS [NOT] NULL}. */
    record Null(String property, boolean negated) implements OnProperty {
        public Null {
            requireProperty(property);
        }
    }

    /** All ({@code and}) or any ({@code or}) of the parts; an empty {@code and} matches every row. */
    record Junction(boolean and, List<Filter> parts) implements Filter {
        static final Junction ALL = new Junction(true, List.of());

        public Junction {
            parts = List.copyOf(new ArrayList<>(parts));
        }
    }

    private static void requireProperty(String property) {
        if (property == null || property.isBlank()) {
            throw OrmErrors.invalidArgument("A filter needs a property name, got '" + property + "'");
        }
    }
}
