package io.reactiveorm.tests.db;

import java.time.Duration;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.mariadb.MariaDBContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** Starts database servers in Docker through Testcontainers. Stateless but for the Docker check. */
final class ContainerServers {

    static final String POSTGRES_IMAGE = "postgres:18-alpine";
    static final String MARIADB_IMAGE = "mariadb:11.4";
    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(3);

    private ContainerServers() {
    }

    /** Whether Testcontainers finds a Docker environment; asked once per JVM. */
    static boolean dockerAvailable() {
        return DockerCheck.AVAILABLE;
    }

    static DatabaseServer postgres() {
        PostgreSQLContainer container = new PostgreSQLContainer(POSTGRES_IMAGE)
                .withDatabaseName("reactiveorm")
                .withStartupTimeout(STARTUP_TIMEOUT);
        start(container);
        int port = container.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT);
        return new DatabaseServer(
                DatabaseServer.options("postgresql", container.getHost(), port, container.getDatabaseName(),
                        container.getUsername(), container.getPassword()),
                "Testcontainers " + POSTGRES_IMAGE + " on " + container.getHost() + ":" + port,
                container::stop);
    }

    static DatabaseServer mariaDb() {
        MariaDBContainer container = new MariaDbWithoutJdbcCheck(MARIADB_IMAGE)
                .withDatabaseName("reactiveorm")
                // the entrypoint hands options to mariadbd: 11.4 would otherwise spend seconds making a certificate
                .withCommand("--skip-ssl", "--skip-name-resolve")
                // the image starts a temporary server (port: 0) first; wait for the real one
                .waitingFor(Wait.forLogMessage(".*Version: .*port: 3306.*", 1).withStartupTimeout(STARTUP_TIMEOUT));
        start(container);
        int port = container.getMappedPort(3306);
        return new DatabaseServer(
                DatabaseServer.options("mysql", container.getHost(), port, container.getDatabaseName(),
                        container.getUsername(), container.getPassword()),
                "Testcontainers " + MARIADB_IMAGE + " on " + container.getHost() + ":" + port,
                container::stop);
    }

    private static void start(GenericContainer<?> container) {
        try {
            container.start();
        } catch (RuntimeException e) {
            container.stop(); // do not leave a half-started container behind
            throw e;
        }
    }

    /**
     * Testcontainers' MariaDB container proves readiness through a JDBC connection, and no MariaDB
     * JDBC driver is on this R2DBC project's classpath; a log message says the same.
     */
    private static final class MariaDbWithoutJdbcCheck extends MariaDBContainer {

        MariaDbWithoutJdbcCheck(String image) {
            super(image);
        }

        @Override
        protected void waitUntilContainerStarted() {
            getWaitStrategy().waitUntilReady(this);
        }
    }

    /** Lazy holder: the check takes a second or two, so it runs only when a server is wanted. */
    private static final class DockerCheck {
        static final boolean AVAILABLE = check();

        private static boolean check() {
            boolean available = DockerClientFactory.instance().isDockerAvailable();
            if (!available) {
                // Testcontainers' own ERROR about it is switched off in simplelogger.properties
                LoggerFactory.getLogger(ContainerServers.class).info("Testcontainers found no Docker environment; "
                        + "using embedded servers (log org.testcontainers.dockerclient at debug to see why)");
            }
            return available;
        }
    }
}
