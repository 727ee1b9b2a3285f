package io.reactiveorm;

import io.reactiveorm.metadata.EntityMetadata;
import io.reactiveorm.metadata.JoinTableMetadata;
import io.reactiveorm.metadata.PropertyMetadata;
import io.reactiveorm.query.Filter;
import io.reactiveorm.query.Query;
import io.reactiveorm.spi.DriverConnection;
import io.reactiveorm.spi.Join;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.List;

/**
 * An EntityManager's connection whose reads hand their rows on as work of the operation reading them
 * ({@link OperationGuard#reading}): a cancelled operation keeps the guard until the row its driver's
 * thread is merging into the unit of work is through, and rows that come later are dropped. Writes and
 * transaction calls go straight through.
 *
 * <p>Thread-safety: as the connection it wraps.
 */
final class ReadingConnection extends DelegatingConnection {

    private final OperationGuard guard;

    ReadingConnection(DriverConnection connection, OperationGuard guard) {
        super(connection);
        this.guard = guard;
    }

    @Override
    public Flux<Object[]> select(EntityMetadata<?> entity, Query<?> query) {
        return guard.reading(connection.select(entity, query));
    }

    @Override
    public Mono<Long> count(EntityMetadata<?> entity, Filter filter) {
        return guard.reading(connection.count(entity, filter));
    }

    @Override
    public Flux<Object[]> selectIn(EntityMetadata<?> entity, PropertyMetadata property, List<?> values) {
        return guard.reading(connection.selectIn(entity, property, values));
    }

    @Override
    public Flux<Object[]> selectLinked(JoinTableMetadata joinTable, List<?> ownerIds) {
        return guard.reading(connection.selectLinked(joinTable, ownerIds));
    }

    @Override
    public Flux<Object[]> selectJoined(EntityMetadata<?> root, Query<?> query, List<Join> joins) {
        return guard.reading(connection.selectJoined(root, query, joins));
    }
}
