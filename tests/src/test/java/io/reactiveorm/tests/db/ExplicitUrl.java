package io.reactiveorm.tests.db;

import io.r2dbc.spi.ConnectionFactoryOptions;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Reads a database URL the user gave as system property or environment variable. Stateless. */
final class ExplicitUrl {

    private ExplicitUrl() {
    }

    /** The system property that names a server for {@code key}, e.g. {@code reactiveorm.test.postgres.url}. */
    static String propertyName(String key) {
        return "reactiveorm.test." + key + ".url";
    }

    /** The environment variable that names a server for {@code key}, e.g. {@code REACTIVEORM_TEST_POSTGRES_URL}. */
    static String environmentName(String key) {
        return "REACTIVEORM_TEST_" + key.toUpperCase(Locale.ROOT) + "_URL";
    }

    /**
     * Returns the server named by the property or, failing that, the environment variable; empty
     * when neither is set. A set but unusable URL is an error, never a reason to look elsewhere.
     */
    static Optional<DatabaseServer> find(TestDatabase database, String key, Set<String> drivers) {
        String source = "-D" + propertyName(key);
        String url = System.getProperty(propertyName(key));
        if (url == null || url.isBlank()) {
            source = "$" + environmentName(key);
            url = System.getenv(environmentName(key));
        }
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        // the tests pool connections themselves; a pool inside the pool would hide leaks
        String plainUrl = url.trim().replaceFirst("^r2dbc:pool:", "r2dbc:");
        ConnectionFactoryOptions options;
        try {
            options = ConnectionFactoryOptions.parse(plainUrl);
        } catch (IllegalArgumentException e) {
            throw TestDatabaseErrors.badUrl(database, source, e.getMessage(), drivers, e);
        }
        Object driver = options.getValue(ConnectionFactoryOptions.DRIVER);
        if (driver == null || !drivers.contains(driver.toString())) {
            throw TestDatabaseErrors.badUrl(database, source, "driver '" + driver + "' is not one of " + drivers, drivers, null);
        }
        return Optional.of(DatabaseServer.external(options, source + " (" + redacted(options) + ")"));
    }

    /** The URL without user and password, as it may be logged. */
    private static String redacted(ConnectionFactoryOptions options) {
        Object port = options.getValue(ConnectionFactoryOptions.PORT);
        Object database = options.getValue(ConnectionFactoryOptions.DATABASE);
        return "r2dbc:" + options.getValue(ConnectionFactoryOptions.DRIVER) + "://"
                + options.getValue(ConnectionFactoryOptions.HOST)
                + (port == null ? "" : ":" + port)
                + (database == null ? "" : "/" + database);
    }
}
