package io.reactiveorm.metadata;

/**
 * Turns class and property names into table and column names when the mapping does not name them.
 * The default is {@link #snakeCase()}. Implementations must be stateless and thread-safe.
 */
public interface NamingStrategy {

    /** The table name for an entity class without {@code @Table(name)}. */
    String tableName(Class<?> entityType);

    /** The column name for a property without {@code @Column(name)}. */
    String columnName(String propertyName);

    /** camelCase to snake_case: {@code createdAt -> created_at}, {@code OrderLine -> order_line}. */
    static NamingStrategy snakeCase() {
        return SnakeCaseNamingStrategy.INSTANCE;
    }
}
