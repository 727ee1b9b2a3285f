package io.reactiveorm.sql.r2dbc;

import io.r2dbc.spi.R2dbcException;

import java.sql.SQLException;

/**
 * The SQL state and vendor code a driver's failure carries: those of the first R2DBC exception among
 * it and its causes, or of the first {@link SQLException} (a driver's own exception type may carry one:
 * H2's {@code DbException} does); {@code null} and 0 when there is neither. Public only for
 * {@code io.reactiveorm.sql}.
 */
public record DriverFailure(String sqlState, int vendorCode) {

    public static DriverFailure of(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof R2dbcException r2dbc) {
                return new DriverFailure(r2dbc.getSqlState(), r2dbc.getErrorCode());
            }
            if (cause instanceof SQLException sql) {
                return new DriverFailure(sql.getSQLState(), sql.getErrorCode());
            }
        }
        return new DriverFailure(null, 0);
    }
}
