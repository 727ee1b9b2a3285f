package io.reactiveorm.query;

import io.reactiveorm.internal.OrmErrors;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What to load: an entity type, a {@link Filter}, an order, a page. Immutable; every {@code with}
 * method returns a copy.
 *
 * <pre>{@code
 * Query.of(Person.class).where(Filter.gt("age", 30)).orderBy("name").limit(20).offset(40)
 * }</pre>
 *
 * @param <T> the entity type
 */
public final class Query<T> {

    private final Class<T> entityType;
    private final Filter filter;
    private final List<Order> orderBy;
    private final int limit;
    private final int offset;
    private final boolean refresh;

    private Query(Class<T> entityType, Filter filter, List<Order> orderBy, int limit, int offset, boolean refresh) {
        this.entityType = entityType;
        this.filter = filter;
        this.orderBy = orderBy;
        this.limit = limit;
        this.offset = offset;
        this.refresh = refresh;
    }

    /** All rows of the entity, unordered. */
    public static <T> Query<T> of(Class<T> entityType) {
        return new Query<>(Objects.requireNonNull(entityType, "entityType"), Filter.all(), List.of(), -1, 0, false);
    }

    public Query<T> where(Filter newFilter) {
        return new Query<>(entityType, Objects.requireNonNull(newFilter, "filter"), orderBy, limit, offset, refresh);
    }

    /** Adds ascending sort keys. */
    public Query<T> orderBy(String... properties) {
        List<Order> orders = new ArrayList<>(orderBy);
        for (String property : properties) {
            orders.add(Order.asc(property));
        }
        return new Query<>(entityType, filter, List.copyOf(orders), limit, offset, refresh);
    }

    /** Adds sort keys. */
    public Query<T> orderBy(Order... orders) {
        List<Order> all = new ArrayList<>(orderBy);
        all.addAll(List.of(orders));
        return new Query<>(entityType, filter, List.copyOf(all), limit, offset, refresh);
    }

    /** At most {@code max} rows; a negative value means no limit. */
    public Query<T> limit(int max) {
        return new Query<>(entityType, filter, orderBy, max, offset, refresh);
    }

    /** Skip the first {@code skip} rows (use with {@link #orderBy}). */
    public Query<T> offset(int skip) {
        if (skip < 0) {
            throw OrmErrors.invalidArgument("offset must not be negative, got " + skip);
        }
        return new Query<>(entityType, filter, orderBy, limit, skip, refresh);
    }

    /**
     * Overwrite managed instances with the rows read. Without it, a managed instance keeps its
     * in-memory state (and its unflushed changes) and the row is ignored.
     */
    public Query<T> refresh(boolean overwrite) {
        return new Query<>(entityType, filter, orderBy, limit, offset, overwrite);
    }

    public Class<T> entityType() {
        return entityType;
    }

    public Filter filter() {
        return filter;
    }

    public List<Order> orderBy() {
        return orderBy;
    }

    /** The row limit, negative when unlimited. */
    public int limit() {
        return limit;
    }

    public int offset() {
        return offset;
    }

    public boolean refresh() {
        return refresh;
    }

    /** A sort key. */
    public record Order(String property, boolean ascending) {
        public Order {
            Objects.requireNonNull(property, "property");
        }

        public static Order asc(String property) {
            return new Order(property, true);
        }

        public static Order desc(String property) {
            return new Order(property, false);
        }
    }
}
