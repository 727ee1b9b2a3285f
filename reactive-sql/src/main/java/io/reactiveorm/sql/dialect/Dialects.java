package io.reactiveorm.sql.dialect;

import io.reactiveorm.internal.OrmErrors;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Picks the dialect from what a connection says about its database. */
public final class Dialects {

    private static final Pattern MAJOR_MINOR = Pattern.compile("^(\\d+)\\.(\\d+)");

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
            return new MySqlDialect(true, atLeast(v.replaceFirst("^5\\.5\\.5-", ""), 10, 6));
        }
        if (product.contains("mysql")) {
            return new MySqlDialect(false, false);
        }
        throw OrmErrors.unsupported(productName + " " + version, "reactive-orm (supported: PostgreSQL, MySQL, MariaDB, H2)");
    }

    /**
     * Whether a version string starting {@code major.minor} (e.g. {@code 11.4.5-MariaDB}) is at least
     * the given version; MariaDB's old replication prefix {@code 5.5.5-} is stripped by the caller.
     */
    static boolean atLeast(String version, int major, int minor) {
        Matcher m = MAJOR_MINOR.matcher(version);
        if (!m.find()) {
            return false;
        }
        int actualMajor = Integer.parseInt(m.group(1));
        return actualMajor > major || actualMajor == major && Integer.parseInt(m.group(2)) >= minor;
    }
}
