package io.reactiveorm.sql.dialect;

import io.reactiveorm.internal.OrmErrors;

import java.util.Locale;

/** Picks the dialect from what a connection says about its database. */
public final class Dialects {

    private Dialects() {
    }

    /**
     * The dialect for a database product.
     *
     * @param productName the connection metadata's product name (e.g. {@code PostgreSQL}, {@code H2}, {@code MySQL})
     * @param version     the connection metadata's version string (MariaDB says so there)
     */
    public static Dialect detect(String productName, String version) {
        String product = productName == null ? "" : productName.toLowerCase(Locale.ROOT);
        String v = version == null ? "" : version.toLowerCase(Locale.ROOT);
        if (product.contains("postgres")) {
            return new PostgresDialect();
        }
        if (product.contains("h2")) {
            return new H2Dialect();
        }
        if (product.contains("mariadb") || v.contains("mariadb")) {
            return new MySqlDialect(true);
        }
        if (product.contains("mysql")) {
            return new MySqlDialect(false);
        }
        throw OrmErrors.unsupported(productName + " " + version, "reactive-orm (supported: PostgreSQL, MySQL, MariaDB, H2)");
    }
}
