package io.reactiveorm.sql.r2dbc;

import io.r2dbc.spi.Connection;
import io.reactiveorm.metadata.EntityMetadata;
import io.reactiveorm.metadata.JoinTableMetadata;
import io.reactiveorm.metadata.PropertyMetadata;
import io.reactiveorm.query.Filter;
import io.reactiveorm.query.Query;
import io.reactiveorm.internal.OrmErrors;
import io.reactiveorm.spi.DeleteBatch;
import io.reactiveorm.spi.DriverConnection;
import io.reactiveorm.spi.InsertBatch;
import io.reactiveorm.spi.Join;
import io.reactiveorm.spi.LinkBatch;
import io.reactiveorm.spi.UpdateBatch;
import io.reactiveorm.sql.batch.BatchRenderer;
import io.reactiveorm.sql.batch.LinkRenderer;
import io.reactiveorm.sql.dialect.Dialect;
import io.reactiveorm.sql.render.Binds;
import io.reactiveorm.sql.render.EntitySql;
import io.reactiveorm.sql.render.JoinedSelectRenderer;
import io.reactiveorm.sql.render.RelationSelectRenderer;
import io.reactiveorm.sql.render.RenderedSql;
import io.reactiveorm.sql.render.SelectRenderer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.function.Function;

/** A {@link DriverConnection} over one R2DBC connection. Not thread-safe: one operation at a time. */
final class R2dbcConnection implements DriverConnection {

    /** MariaDB's recursive CTE stops at cte_max_recursion_depth (1,000 by default). */
    private static final int SEQUENCE_VALUES_PER_QUERY = 1_000;

    private final Connection connection;
    private final Dialect dialect;
    private final BatchRenderer batches;
    private final LinkRenderer links;
    private final Function<EntityMetadata<?>, EntitySql> entitySql;
    private final StatementRunner runner;

    R2dbcConnection(Connection connection, Dialect dialect, BatchRenderer batches, LinkRenderer links,
                    Function<EntityMetadata<?>, EntitySql> entitySql, StatementRunner runner) {
        this.connection = connection;
        this.dialect = dialect;
        this.batches = batches;
        this.links = links;
        this.entitySql = entitySql;
        this.runner = runner;
    }

    @Override
    public Mono<Void> beginTransaction() {
        return runner.begin(connection.beginTransaction());
    }

    @Override
    public Mono<Void> commitTransaction() {
        return runner.commit(connection.commitTransaction());
    }

    @Override
    public Mono<Void> rollbackTransaction() {
        return runner.control("ROLLBACK", connection.rollbackTransaction());
    }

    @Override
    public Mono<Void> createSavepoint(String name) {
        return runner.control("SAVEPOINT " + name, connection.createSavepoint(name));
    }

    @Override
    public Mono<Void> releaseSavepoint(String name) {
        return runner.control("RELEASE SAVEPOINT " + name, connection.releaseSavepoint(name));
    }

    @Override
    public Mono<Void> rollbackToSavepoint(String name) {
        return runner.rollbackToSavepoint(name, connection.rollbackTransactionToSavepoint(name));
    }

    @Override
    public Mono<Object[]> insert(InsertBatch batch) {
        EntitySql entity = entitySql.apply(batch.entity());
        List<RenderedSql> statements = batches.insert(entity, batch);
        String entityName = batch.entity().name();
        if (!batch.returnsGeneratedIds()) {
            return Flux.fromIterable(statements)
                    .concatMap(s -> runner.update(s.sql(), s.binds(), "INSERT", entityName))
                    .then(Mono.just(new Object[0]));
        }
        PropertyMetadata id = batch.entity().id();
        Class<?> idType = entity.driverType(id);
        String generatedKey = dialect.usesReturningClause() ? null : id.column();
        return Flux.fromIterable(statements)
                .concatMap(s -> runner.query(s.sql(), s.binds(), generatedKey,
                                row -> dialect.fromDriver(id.valueType(), row.get(0, idType)), "INSERT", entityName)
                        .collectList()
                        .map(ids -> completeIds(batch, ids, s.rows())))
                .collectList()
                .map(R2dbcConnection::concat);
    }

    /** MySQL returns only the first id of a multi-row insert; the others follow it by the increment. */
    private Object[] completeIds(InsertBatch batch, List<Object> ids, int rows) {
        if (ids.size() == rows) {
            return ids.toArray();
        }
        if (dialect.returnsAllGeneratedIds() || ids.size() != 1) {
            throw OrmErrors.statementFailed("INSERT", batch.entity().name(), null, 0, false,
                    new IllegalStateException("expected " + rows + " generated ids, got " + ids.size()));
        }
        Object[] all = new Object[rows];
        long first = ((Number) ids.get(0)).longValue();
        for (int i = 0; i < rows; i++) {
            all[i] = first + i;
        }
        return all;
    }

    private static Object[] concat(List<Object[]> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        return parts.stream().flatMap(java.util.Arrays::stream).toArray();
    }

    @Override
    public Mono<Long> update(UpdateBatch batch) {
        return sum(batches.update(entitySql.apply(batch.entity()), batch), "UPDATE", batch.entity().name());
    }

    @Override
    public Mono<Long> delete(DeleteBatch batch) {
        return sum(batches.delete(entitySql.apply(batch.entity()), batch), "DELETE", batch.entity().name());
    }

    private Mono<Long> sum(List<RenderedSql> statements, String operation, String entityName) {
        return Flux.fromIterable(statements)
                .concatMap(s -> runner.update(s.sql(), s.binds(), operation, entityName))
                .reduce(0L, Long::sum);
    }

    @Override
    public Flux<Object[]> select(EntityMetadata<?> meta, Query<?> query) {
        EntitySql entity = entitySql.apply(meta);
        RenderedSql rendered = SelectRenderer.select(entity, query, entitySql);
        return runner.query(rendered.sql(), rendered.binds(), null, entity::read, "SELECT", meta.name());
    }

    @Override
    public Mono<Long> count(EntityMetadata<?> meta, Filter filter) {
        RenderedSql rendered = SelectRenderer.count(entitySql.apply(meta), filter, entitySql);
        return runner.query(rendered.sql(), rendered.binds(), null, row -> ((Number) row.get(0)).longValue(), "COUNT", meta.name())
                .single();
    }

    @Override
    public Mono<long[]> nextSequenceValues(EntityMetadata<?> meta, int count) {
        if (!dialect.supportsSequences()) {
            return Mono.error(OrmErrors.unsupported(dialect.name(), "sequences (entity " + meta.name()
                    + " uses @GeneratedValue(strategy = SEQUENCE); use IDENTITY or UUID)"));
        }
        String sql = dialect.nextSequenceValues(meta.sequenceName());
        List<Integer> parts = new java.util.ArrayList<>();
        for (int left = count; left > 0; left -= SEQUENCE_VALUES_PER_QUERY) {
            parts.add(Math.min(left, SEQUENCE_VALUES_PER_QUERY));
        }
        return Flux.fromIterable(parts)
                .concatMap(n -> {
                    Binds binds = new Binds(1);
                    binds.add(n, Integer.class);
                    return runner.query(sql, binds, null, row -> ((Number) row.get(0)).longValue(), "SEQUENCE", meta.name());
                })
                .collectList()
                .map(values -> values.stream().mapToLong(Long::longValue).toArray());
    }

    @Override
    public Mono<Long> insertLinks(LinkBatch batch) {
        return sum(links.insert(dialect, batch), "INSERT", batch.joinTable().table());
    }

    @Override
    public Mono<Long> deleteLinks(LinkBatch batch) {
        return sum(links.delete(dialect, batch), "DELETE", batch.joinTable().table());
    }

    @Override
    public Mono<Long> deleteLinksOf(JoinTableMetadata joinTable, Object[] ownerIds) {
        return sum(links.deleteOf(dialect, joinTable, ownerIds), "DELETE", joinTable.table());
    }

    @Override
    public Flux<Object[]> selectIn(EntityMetadata<?> meta, PropertyMetadata property, List<?> values) {
        EntitySql entity = entitySql.apply(meta);
        return Flux.fromIterable(RelationSelectRenderer.selectIn(entity, property, values, dialect.maxParameters()))
                .concatMap(s -> runner.query(s.sql(), s.binds(), null, entity::read, "SELECT", meta.name()));
    }

    @Override
    public Flux<Object[]> selectLinked(JoinTableMetadata joinTable, List<?> ownerIds) {
        EntitySql target = entitySql.apply(joinTable.target());
        EntitySql owner = entitySql.apply(joinTable.owner());
        int ownerColumn = joinTable.target().properties().length;
        return Flux.fromIterable(RelationSelectRenderer.selectLinked(target, owner, joinTable, ownerIds, dialect.maxParameters()))
                .concatMap(s -> runner.query(s.sql(), s.binds(), null, row -> {
                    Object[] values = target.read(row, 0, 1);
                    values[ownerColumn] = owner.readColumn(row, ownerColumn, joinTable.owner().id());
                    return values;
                }, "SELECT", joinTable.target().name()));
    }

    @Override
    public Flux<Object[]> selectJoined(EntityMetadata<?> meta, Query<?> query, List<Join> joins) {
        List<EntitySql> parts = new java.util.ArrayList<>();
        parts.add(entitySql.apply(meta));
        joins.forEach(join -> parts.add(entitySql.apply(join.target())));
        int width = parts.stream().mapToInt(part -> part.meta().properties().length).sum();
        RenderedSql rendered = JoinedSelectRenderer.select(parts.get(0), query, joins, entitySql);
        return runner.query(rendered.sql(), rendered.binds(), null, row -> {
            Object[] values = new Object[width];
            int offset = 0;
            for (EntitySql part : parts) {
                part.readInto(row, offset, values, offset);
                offset += part.meta().properties().length;
            }
            return values;
        }, "SELECT", meta.name());
    }
}
