package io.reactiveorm.bench;

import io.r2dbc.spi.ConnectionFactory;
import java.util.Objects;

/**
 * What a contender is built from: the database it runs on and the connection factory every
 * contender of the run shares, so driver options and pool are the same for all.
 *
 * @param database the database, never {@code null}
 * @param connectionFactory a pooled connection factory; close every connection taken from it and
 *     never the factory itself, which the runner owns
 * @param description which server and driver options, for the report header
 */
public record BenchEnvironment(BenchDatabase database, ConnectionFactory connectionFactory, String description) {

    public BenchEnvironment {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(connectionFactory, "connectionFactory");
        Objects.requireNonNull(description, "description");
    }
}
