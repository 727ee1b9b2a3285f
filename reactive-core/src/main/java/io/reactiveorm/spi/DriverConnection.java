package io.reactiveorm.spi;

import io.reactiveorm.metadata.EntityMetadata;
import io.reactiveorm.metadata.JoinTableMetadata;
import io.reactiveorm.metadata.PropertyMetadata;
import io.reactiveorm.query.Filter;
import io.reactiveorm.query.Query;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.List;

/**
 * One database connection as the unit of work uses it. Values in and out are column values (see
 * {@link io.reactiveorm.metadata.PropertyMetadata#toColumnValue}); rows are {@code Object[]}
 * aligned with {@link EntityMetadata#properties()}. Every method is cold. Errors are reported as
 * {@link io.reactiveorm.DatabaseException}s naming the operation, entity and SQL state.
 *
 * <p>Thread-safety: not thread-safe; one operation at a time, in sequence.
 */
public interface DriverConnection {

    Mono<Void> beginTransaction();

    Mono<Void> commitTransaction();

    Mono<Void> rollbackTransaction();

    Mono<Void> createSavepoint(String name);

    Mono<Void> releaseSavepoint(String name);

    Mono<Void> rollbackToSavepoint(String name);

    /**
     * Inserts the batch, all rows in as few statements as the dialect allows.
     *
     * @return the generated ids in row order when {@link InsertBatch#returnsGeneratedIds()}, else an empty array
     */
    Mono<Object[]> insert(InsertBatch batch);

    /** Updates the batch's rows; emits the number of rows matched (ids and, if versioned, versions). */
    Mono<Long> update(UpdateBatch batch);

    /** Deletes the batch's rows; emits the number of rows matched. */
    Mono<Long> delete(DeleteBatch batch);

    /** Streams the rows a query selects, honouring backpressure. */
    Flux<Object[]> select(EntityMetadata<?> entity, Query<?> query);

    /** Counts the rows a filter selects. */
    Mono<Long> count(EntityMetadata<?> entity, Filter filter);

    /**
     * Takes {@code count} values from a sequence, each the start of a block of the entity's
     * allocation size.
     */
    Mono<long[]> nextSequenceValues(EntityMetadata<?> entity, int count);

    /** Inserts join-table rows; emits the number inserted. */
    Mono<Long> insertLinks(LinkBatch batch);

    /** Deletes exactly the given join-table rows; emits the number deleted. */
    Mono<Long> deleteLinks(LinkBatch batch);

    /**
     * Deletes every join-table row whose {@link JoinTableMetadata#ownerColumn()} holds one of the ids
     * (their entities are being deleted); emits the number deleted.
     */
    Mono<Long> deleteLinksOf(JoinTableMetadata joinTable, Object[] ownerIds);

    /**
     * Streams the rows of an entity whose {@code property} (its id or a to-one) is one of {@code values}
     * (Java values), in as many {@code IN} statements as the bind-parameter limit requires; none when empty.
     */
    Flux<Object[]> selectIn(EntityMetadata<?> entity, PropertyMetadata property, List<?> values);

    /**
     * Streams the target rows linked through a many-to-many's join table to any of {@code ownerIds},
     * split like {@link #selectIn}: each row is the target's columns followed by the owner id it is linked to.
     */
    Flux<Object[]> selectLinked(JoinTableMetadata joinTable, List<?> ownerIds);

    /**
     * Streams the rows of a joined populate: the query's roots (its filter, order and page apply to
     * roots) LEFT JOINed with each join in order. Each row is the root's columns followed by each join
     * target's columns, all null where a join found nothing.
     */
    Flux<Object[]> selectJoined(EntityMetadata<?> root, Query<?> query, List<Join> joins);
}
