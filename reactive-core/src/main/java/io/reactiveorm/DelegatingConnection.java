package io.reactiveorm;

import io.reactiveorm.metadata.EntityMetadata;
import io.reactiveorm.metadata.JoinTableMetadata;
import io.reactiveorm.metadata.PropertyMetadata;
import io.reactiveorm.query.Filter;
import io.reactiveorm.query.Query;
import io.reactiveorm.spi.DeleteBatch;
import io.reactiveorm.spi.DriverConnection;
import io.reactiveorm.spi.InsertBatch;
import io.reactiveorm.spi.Join;
import io.reactiveorm.spi.LinkBatch;
import io.reactiveorm.spi.UpdateBatch;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.List;

/**
 * A connection that passes every call on to {@link #connection}; subclasses change the calls they are for.
 *
 * <p>Thread-safety: as the connection it wraps.
 */
abstract class DelegatingConnection implements DriverConnection {

    final DriverConnection connection;

    DelegatingConnection(DriverConnection connection) {
        this.connection = connection;
    }

    @Override
    public Mono<Void> beginTransaction() {
        return connection.beginTransaction();
    }

    @Override
    public Mono<Void> commitTransaction() {
        return connection.commitTransaction();
    }

    @Override
    public Mono<Void> rollbackTransaction() {
        return connection.rollbackTransaction();
    }

    @Override
    public Mono<Void> createSavepoint(String name) {
        return connection.createSavepoint(name);
    }

    @Override
    public Mono<Void> releaseSavepoint(String name) {
        return connection.releaseSavepoint(name);
    }

    @Override
    public Mono<Void> rollbackToSavepoint(String name) {
        return connection.rollbackToSavepoint(name);
    }

    @Override
    public Mono<Object[]> insert(InsertBatch batch) {
        return connection.insert(batch);
    }

    @Override
    public Mono<Long> update(UpdateBatch batch) {
        return connection.update(batch);
    }

    @Override
    public Mono<Long> delete(DeleteBatch batch) {
        return connection.delete(batch);
    }

    @Override
    public Flux<Object[]> select(EntityMetadata<?> entity, Query<?> query) {
        return connection.select(entity, query);
    }

    @Override
    public Mono<Long> count(EntityMetadata<?> entity, Filter filter) {
        return connection.count(entity, filter);
    }

    @Override
    public Mono<long[]> nextSequenceValues(EntityMetadata<?> entity, int count) {
        return connection.nextSequenceValues(entity, count);
    }

    @Override
    public Mono<Long> insertLinks(LinkBatch batch) {
        return connection.insertLinks(batch);
    }

    @Override
    public Mono<Long> deleteLinks(LinkBatch batch) {
        return connection.deleteLinks(batch);
    }

    @Override
    public Mono<Long> deleteLinksOf(JoinTableMetadata joinTable, Object[] ownerIds) {
        return connection.deleteLinksOf(joinTable, ownerIds);
    }

    @Override
    public Flux<Object[]> selectIn(EntityMetadata<?> entity, PropertyMetadata property, List<?> values) {
        return connection.selectIn(entity, property, values);
    }

    @Override
    public Flux<Object[]> selectLinked(JoinTableMetadata joinTable, List<?> ownerIds) {
        return connection.selectLinked(joinTable, ownerIds);
    }

    @Override
    public Flux<Object[]> selectJoined(EntityMetadata<?> root, Query<?> query, List<Join> joins) {
        return connection.selectJoined(root, query, joins);
    }
}
