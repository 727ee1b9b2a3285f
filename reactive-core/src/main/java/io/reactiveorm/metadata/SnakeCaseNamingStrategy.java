package io.reactiveorm.metadata;

/** The default naming: camelCase to snake_case. */
final class SnakeCaseNamingStrategy implements NamingStrategy {

    static final SnakeCaseNamingStrategy INSTANCE = new SnakeCaseNamingStrategy();

    private SnakeCaseNamingStrategy() {
    }

    @Override
    public String tableName(Class<?> entityType) {
        return toSnakeCase(entityType.getSimpleName());
    }

    @Override
    public String columnName(String propertyName) {
        return toSnakeCase(propertyName);
    }

    static String toSnakeCase(String name) {
        StringBuilder out = new StringBuilder(name.length() + 4);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isUpperCase(c)) {
                boolean previousIsLower = i > 0 && !Character.isUpperCase(name.charAt(i - 1));
                boolean nextIsLower = i + 1 < name.length() && Character.isLowerCase(name.charAt(i + 1));
                if (i > 0 && (previousIsLower || nextIsLower) && name.charAt(i - 1) != '_') {
                    out.append('_');
                }
                out.append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
