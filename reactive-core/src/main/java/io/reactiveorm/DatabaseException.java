package io.reactiveorm;

/**
 * The database refused a statement or the connection failed. Carries the SQL state when the
 * database reported one, and whether retrying the same work may succeed ({@link #isTransient()}),
 * kept apart the way R2DBC keeps {@code R2dbcTransientException} apart.
 */
public final class DatabaseException extends OrmException {

    private final String sqlState;
    private final boolean transientFailure;

    public DatabaseException(String code, String message, String sqlState, boolean transientFailure, Throwable cause) {
        super(code, message, cause);
        this.sqlState = sqlState;
        this.transientFailure = transientFailure;
    }

    /** The SQL state reported by the database, or {@code null} when there was none. */
    public String sqlState() {
        return sqlState;
    }

    /** Whether the same work may succeed when retried (lost connection, timeout, deadlock). */
    public boolean isTransient() {
        return transientFailure;
    }
}
