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
 * Query.of(Author.class).populate("books.tags")
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
    private final List<String> populate;
    private final LoadStrategy strategy;

    private Query(Class<T> entityType, Filter filter, List<Order> orderBy, int limit, int offset, boolean refresh,
                  List<String> populate, LoadStrategy strategy) {
        this.entityType = entityType;
        this.filter = filter;
        this.orderBy = orderBy;
        this.limit = limit;
        this.offset = offset;
        this.refresh = refresh;
        this.populate = populate;
        this.strategy = strategy;
    }

    /** All rows of the entity, unordered. */
    public static <T> Query<T> of(Class<T> entityType) {
        return new Query<>(Objects.requireNonNull(entityType, "entityType"), Filter.all(), List.of(), -1, 0, false, List.of(),
                LoadStrategy.SELECT_IN);
    }

    public Query<T> where(Filter newFilter) {
        return new Query<>(entityType, Objects.requireNonNull(newFilter, "filter"), orderBy, limit, offset, refresh, populate, strategy);
    }

    /** Adds ascending sort keys. */
    public Query<T> orderBy(String... properties) {
        List<Order> orders = new ArrayList<>(orderBy);
        for (String property : properties) {
            orders.add(Order.asc(property));
        }
        return new Query<>(entityType, filter, List.copyOf(orders), limit, offset, refresh, populate, strategy);
    }

    /** Adds sort keys. */
    public Query<T> orderBy(Order... orders) {
        List<Order> all = new ArrayList<>(orderBy);
        all.addAll(List.of(orders));
        return new Query<>(entityType, filter, List.copyOf(all), limit, offset, refresh, populate, strategy);
    }

    /** At most {@code max} rows; a negative value means no limit. */
    public Query<T> limit(int max) {
        return new Query<>(entityType, filter, orderBy, max, offset, refresh, populate, strategy);
    }

    /** Skip the first {@code skip} rows (use with {@link #orderBy}). */
    public Query<T> offset(int skip) {
        if (skip < 0) {
            throw OrmErrors.invalidArgument("offset must not be negative, got " + skip);
        }
        return new Query<>(entityType, filter, orderBy, limit, skip, refresh, populate, strategy);
    }

    /**
     * Overwrite managed instances with the rows read. Without it, a managed instance keeps its
     * in-memory state (and its unflushed changes) and the row is ignored.
     */
    public Query<T> refresh(boolean overwrite) {
        return new Query<>(entityType, filter, orderBy, limit, offset, overwrite, populate, strategy);
    }

    /**
     * Adds relation paths to load into the entities found: {@code "books"}, nested {@code "books.tags"},
     * to-ones ({@code "author"}), {@code "*"} (every relation of that entity, as the last segment).
     * Paths are checked when the query is run (RO-2006 names the entity and the unknown segment).
     * With populate, the roots are collected before the relations load, so rows no longer stream.
     */
    public Query<T> populate(String... paths) {
        List<String> all = new ArrayList<>(populate);
        for (String path : paths) {
            all.add(Objects.requireNonNull(path, "path"));
        }
        return new Query<>(entityType, filter, orderBy, limit, offset, refresh, List.copyOf(all), strategy);
    }

    /** How {@link #populate} paths are loaded; {@link LoadStrategy#SELECT_IN} unless set. */
    public Query<T> strategy(LoadStrategy loadStrategy) {
        return new Query<>(entityType, filter, orderBy, limit, offset, refresh, populate,
                Objects.requireNonNull(loadStrategy, "strategy"));
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

    /** The relation paths to populate, in the order given; empty when none. */
    public List<String> populate() {
        return populate;
    }

    public LoadStrategy strategy() {
        return strategy;
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
