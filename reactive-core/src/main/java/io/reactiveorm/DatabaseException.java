package io.reactiveorm;

/**
 * The database refused a statement or the connection failed. Carries what identifies the failure as
 * the driver reported it, the SQL state and the database's own error number, and whether retrying the
 * same work may succeed ({@link #isTransient()}), kept apart the way R2DBC keeps
 * {@code R2dbcTransientException} apart.
 *
 * <p>Thread-safety: immutable.
 */
public final class DatabaseException extends OrmException {

    private final String sqlState;
    private final int vendorCode;
    private final boolean transientFailure;

    public DatabaseException(String code, String message, String sqlState, int vendorCode, boolean transientFailure,
                             Throwable cause) {
        super(code, message, cause);
        this.sqlState = sqlState;
        this.vendorCode = vendorCode;
        this.transientFailure = transientFailure;
    }

    /**
     * The SQL state reported by the driver, or {@code null} when there was none. r2dbc-mysql passes on
     * MySQL's and MariaDB's state only for the errors it classifies (states 23, 40 and 42, and a list of
     * error numbers), so there it is often {@code null}; {@link #vendorCode()} then still names the error.
     */
    public String sqlState() {
        return sqlState;
    }

    /**
     * The database's own error number as the driver reported it (a MySQL or MariaDB error number such as
     * 1406, an H2 error code), or 0 when there was none, as in R2DBC and JDBC (PostgreSQL reports only SQL states).
     */
    public int vendorCode() {
        return vendorCode;
    }

    /** Whether the same work may succeed when retried (lost connection, timeout, deadlock). */
    public boolean isTransient() {
        return transientFailure;
    }
}
