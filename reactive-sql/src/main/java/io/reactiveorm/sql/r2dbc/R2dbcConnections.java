package io.reactiveorm.sql.r2dbc;

import io.r2dbc.spi.Connection;
import io.reactiveorm.metadata.EntityMetadata;
import io.reactiveorm.spi.DriverConnection;
import io.reactiveorm.sql.StatementListener;
import io.reactiveorm.sql.batch.BatchRenderer;
import io.reactiveorm.sql.batch.LinkRenderer;
import io.reactiveorm.sql.dialect.Dialect;
import io.reactiveorm.sql.render.EntitySql;

import java.util.function.Function;

/** Creates the driver's connection wrappers; public only for {@code io.reactiveorm.sql}. */
public final class R2dbcConnections {

    private R2dbcConnections() {
    }

    public static DriverConnection create(Connection connection, Dialect dialect, BatchRenderer batches, LinkRenderer links,
                                          Function<EntityMetadata<?>, EntitySql> entitySql, StatementListener listener) {
        return new R2dbcConnection(connection, dialect, batches, links, entitySql, new StatementRunner(connection, listener));
    }

    /** A statement runner over a raw connection, for schema tools. */
    public static StatementRunner runner(Connection connection, StatementListener listener) {
        return new StatementRunner(connection, listener);
    }
}
