package io.reactiveorm.sql;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Readable;
import io.reactiveorm.Orm;
import io.reactiveorm.internal.OrmErrors;
import io.reactiveorm.metadata.EntityMetadata;
import io.reactiveorm.metadata.IdGeneration;
import io.reactiveorm.metadata.JoinTableMetadata;
import io.reactiveorm.metadata.PropertyMetadata;
import io.reactiveorm.metadata.RelationMetadata;
import io.reactiveorm.metadata.ValueType;
import io.reactiveorm.sql.dialect.Dialect;
import io.reactiveorm.sql.r2dbc.R2dbcConnections;
import io.reactiveorm.sql.r2dbc.StatementRunner;
import io.reactiveorm.sql.render.Binds;
import io.reactiveorm.sql.render.SelectRenderer;
import io.reactiveorm.unitofwork.CommitOrderCalculator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Creates, drops and updates the schema of an Orm's entities from their metadata, in the dialect of
 * its {@link R2dbcDriver}: tables with primary keys, NOT NULL and UNIQUE constraints, and the
 * sequences of SEQUENCE ids, a join table per owning many-to-many (primary key on both columns), and a
 * FOREIGN KEY constraint per to-one relation and join column (added after every table exists; dropped
 * before any table, so relation cycles drop too, except on MySQL, which cannot drop a key "if exists";
 * tables are dropped children first, join tables before all). {@link #update()} adds missing tables, join
 * tables, sequences and columns (with the foreign keys of added relation columns), aligns sequence
 * increments with the allocation sizes, and never drops anything. Each statement is logged and
 * reported like any other.
 *
 * <p>Thread-safety: thread-safe; every method is cold.
 */
public final class SchemaGenerator {

    private final Orm orm;
    private final R2dbcDriver driver;

    private SchemaGenerator(Orm orm, R2dbcDriver driver) {
        this.orm = orm;
        this.driver = driver;
    }

    /** The schema generator of an Orm whose driver is an {@link R2dbcDriver}. */
    public static SchemaGenerator of(Orm orm) {
        if (!(orm.driver() instanceof R2dbcDriver r2dbc)) {
            throw OrmErrors.invalidArgument("SchemaGenerator needs an Orm built with an R2dbcDriver, not " + orm.driver().name());
        }
        return new SchemaGenerator(orm, r2dbc);
    }

    /** Creates every table and sequence; fails if a table exists. */
    public Mono<Void> create() {
        return run(dialect -> {
            ConstraintNames names = new ConstraintNames(dialect, orm.metadata().entities());
            List<String> statements = createStatements(dialect, names, orm.metadata().entities());
            statements.addAll(joinTableStatements(dialect, names, joinTables(orm.metadata().entities())));
            return statements;
        });
    }

    /** Drops every foreign key, table and sequence of the entities that exists. */
    public Mono<Void> drop() {
        return run(dialect -> {
            List<String> statements = new ArrayList<>();
            if (dialect.dropsForeignKeysIfExist()) {
                ConstraintNames names = new ConstraintNames(dialect, orm.metadata().entities());
                // foreign keys first, so tables whose relations form a cycle can be dropped at all
                for (EntityMetadata<?> meta : orm.metadata().entities()) {
                    for (PropertyMetadata p : meta.toOnes()) {
                        statements.add(dialect.dropForeignKey(meta.table(), names.foreignKey(meta.table(), p.column())));
                    }
                }
            }
            for (JoinTableMetadata joinTable : joinTables(orm.metadata().entities())) {
                statements.add("DROP TABLE IF EXISTS " + dialect.quote(joinTable.table()));
            }
            // children first, so no foreign key left (on MySQL, or not created by us) points to a dropped table
            List<EntityMetadata<?>> childrenFirst = CommitOrderCalculator.insertOrder(orm.metadata().entities());
            Collections.reverse(childrenFirst);
            for (EntityMetadata<?> meta : childrenFirst) {
                statements.add("DROP TABLE IF EXISTS " + dialect.quote(meta.table()));
                if (meta.idGeneration() == IdGeneration.SEQUENCE && dialect.supportsSequences()) {
                    statements.add(dialect.dropSequence(meta.sequenceName()));
                }
            }
            return statements;
        });
    }

    /** Drops, then creates (a clean schema for tests and demos). */
    public Mono<Void> recreate() {
        return drop().then(create());
    }

    /**
     * Creates missing tables and sequences and adds missing columns; drops nothing. A sequence created
     * for a table that exists starts after the table's highest id, and an existing sequence whose
     * increment is not its entity's allocation size is altered to it; a NOT NULL column of a primitive
     * property added to a table gives its existing rows the Java default (0, false).
     */
    public Mono<Void> update() {
        return driver.withRawConnection(connection -> {
            Dialect dialect = driver.dialect(connection);
            StatementRunner runner = R2dbcConnections.runner(connection, driver.listener());
            Mono<Set<String>> sequences = dialect.supportsSequences() && usesSequences()
                    ? read(runner, dialect, dialect.currentSchemaSequences(),
                            row -> row.get(0, String.class).toLowerCase(Locale.ROOT), "information_schema").collect(Collectors.toSet())
                    : Mono.just(Set.of());
            return read(runner, dialect, dialect.currentSchemaColumns(),
                            row -> new String[] {row.get(0, String.class), row.get(1, String.class)}, "information_schema")
                    .collectList()
                    .map(SchemaGenerator::existing)
                    .flatMap(tables -> sequences.flatMap(existingSequences ->
                            sequenceStarts(runner, dialect, missingSequencesOfTables(dialect, tables, existingSequences))
                                    .map(starts -> updateStatements(dialect, tables, starts))
                                    .zipWith(incrementFixes(runner, dialect, existingSequences), (statements, fixes) -> {
                                        statements.addAll(0, fixes);
                                        return statements;
                                    })))
                    .flatMapMany(statements -> execute(runner, statements));
        }).then();
    }

    /**
     * A query of the schema tools that binds no value: with its limit bound where the dialect needs a
     * parameter in every query ({@link SelectRenderer#bindLimitIfUnbound}), as the entity reads do, since a
     * cancel while its rows stream would otherwise leave the connection stuck.
     */
    private static <T> Flux<T> read(StatementRunner runner, Dialect dialect, String sql, Function<Readable, T> mapper, String entity) {
        Binds binds = new Binds(1);
        StringBuilder text = new StringBuilder(sql);
        SelectRenderer.bindLimitIfUnbound(dialect, text, binds, null);
        return runner.query(text.toString(), binds, null, mapper, "SCHEMA", entity);
    }

    private boolean usesSequences() {
        return orm.metadata().entities().stream().anyMatch(meta -> meta.idGeneration() == IdGeneration.SEQUENCE);
    }

    private static Map<String, Set<String>> existing(List<String[]> rows) {
        Map<String, Set<String>> tables = new HashMap<>();
        for (String[] row : rows) {
            tables.computeIfAbsent(row[0].toLowerCase(Locale.ROOT), t -> new HashSet<>()).add(row[1].toLowerCase(Locale.ROOT));
        }
        return tables;
    }

    /**
     * An {@code ALTER SEQUENCE} for each existing sequence whose increment is not its entity's
     * allocation size: each value the ORM draws starts a block of that size, so a smaller increment (the
     * size raised in the mapping, or a sequence made by another tool) would hand out ids twice.
     */
    private Mono<List<String>> incrementFixes(StatementRunner runner, Dialect dialect, Set<String> existingSequences) {
        return Flux.fromIterable(orm.metadata().entities())
                .filter(meta -> meta.idGeneration() == IdGeneration.SEQUENCE
                        && existingSequences.contains(meta.sequenceName().toLowerCase(Locale.ROOT)))
                .concatMap(meta -> {
                    Binds binds = new Binds(1);
                    if (dialect.sequenceIncrementBindsName()) {
                        binds.add(meta.sequenceName(), String.class);
                    }
                    return runner.query(dialect.sequenceIncrement(meta.sequenceName()), binds, null,
                                    row -> Long.parseLong(String.valueOf(row.get(0))), "SCHEMA", meta.name())
                            .next()
                            .filter(increment -> increment != meta.allocationSize())
                            .map(increment -> dialect.alterSequenceIncrement(meta.sequenceName(), meta.allocationSize()));
                })
                .distinct()
                .collectList();
    }

    /** The SEQUENCE entities whose table exists but whose sequence does not. */
    private List<EntityMetadata<?>> missingSequencesOfTables(Dialect dialect, Map<String, Set<String>> tables, Set<String> sequences) {
        List<EntityMetadata<?>> missing = new ArrayList<>();
        if (!dialect.supportsSequences()) {
            return missing;
        }
        for (EntityMetadata<?> meta : orm.metadata().entities()) {
            if (meta.idGeneration() == IdGeneration.SEQUENCE && tables.containsKey(meta.table().toLowerCase(Locale.ROOT))
                    && !sequences.contains(meta.sequenceName().toLowerCase(Locale.ROOT))) {
                missing.add(meta);
            }
        }
        return missing;
    }

    /** The first value of each missing sequence: one past the highest id already in its table, so no id is handed out twice. */
    private static Mono<Map<EntityMetadata<?>, Long>> sequenceStarts(StatementRunner runner, Dialect dialect, List<EntityMetadata<?>> metas) {
        return Flux.fromIterable(metas)
                .concatMap(meta -> read(runner, dialect, "SELECT COALESCE(MAX(" + dialect.quote(meta.id().column()) + "), 0) FROM " + dialect.quote(meta.table()),
                                row -> ((Number) row.get(0)).longValue() + 1, meta.name())
                        .single()
                        .map(start -> Map.<EntityMetadata<?>, Long>entry(meta, start)))
                .collectMap(Map.Entry::getKey, Map.Entry::getValue, LinkedHashMap::new);
    }

    private List<String> updateStatements(Dialect dialect, Map<String, Set<String>> existing, Map<EntityMetadata<?>, Long> sequenceStarts) {
        ConstraintNames names = new ConstraintNames(dialect, orm.metadata().entities());
        List<String> statements = new ArrayList<>();
        sequenceStarts.forEach((meta, start) -> statements.add(dialect.createSequence(meta, start)));
        List<EntityMetadata<?>> missingTables = new ArrayList<>();
        List<String> foreignKeys = new ArrayList<>();
        for (EntityMetadata<?> meta : orm.metadata().entities()) {
            Set<String> columns = existing.get(meta.table().toLowerCase(Locale.ROOT));
            if (columns == null) {
                missingTables.add(meta);
                continue;
            }
            for (PropertyMetadata p : meta.properties()) {
                if (!columns.contains(p.column().toLowerCase(Locale.ROOT))) {
                    addColumn(statements, dialect, meta, p);
                    if (p.isToOne()) {
                        foreignKeys.add(foreignKey(dialect, names, meta.table(), p.column(), p.target()));
                        foreignKeys.addAll(foreignKeyIndex(dialect, names, meta.table(), p.column()));
                    }
                }
            }
        }
        statements.addAll(0, createStatements(dialect, names, missingTables));
        statements.addAll(foreignKeys);
        List<JoinTableMetadata> missingJoinTables = new ArrayList<>();
        for (JoinTableMetadata joinTable : joinTables(orm.metadata().entities())) {
            if (!existing.containsKey(joinTable.table().toLowerCase(Locale.ROOT))) {
                missingJoinTables.add(joinTable);
            }
        }
        statements.addAll(joinTableStatements(dialect, names, missingJoinTables));
        return statements;
    }

    /**
     * Adds a column to a table that may have rows. A primitive property's NOT NULL column is added with
     * the Java default as its DEFAULT, which fills the existing rows, and the default is then dropped so
     * the column ends as {@link #create()} makes it (PostgreSQL and H2 refuse a bare NOT NULL column on a
     * table with rows; MariaDB would fill its type's implicit default).
     */
    private static void addColumn(List<String> statements, Dialect dialect, EntityMetadata<?> meta, PropertyMetadata p) {
        String table = dialect.quote(meta.table());
        if (p.nullable() || p.isId() || !p.javaType().isPrimitive()) {
            statements.add("ALTER TABLE " + table + " ADD COLUMN " + columnDefinition(dialect, meta, p, ""));
            return;
        }
        String javaDefault = p.valueType() == ValueType.BOOLEAN ? "FALSE" : "0";
        statements.add("ALTER TABLE " + table + " ADD COLUMN " + columnDefinition(dialect, meta, p, " DEFAULT " + javaDefault));
        statements.add("ALTER TABLE " + table + " ALTER COLUMN " + dialect.quote(p.column()) + " DROP DEFAULT");
    }

    /** The join tables of every owning many-to-many among the entities, from the owning side. */
    private static List<JoinTableMetadata> joinTables(Iterable<EntityMetadata<?>> entities) {
        List<JoinTableMetadata> joinTables = new ArrayList<>();
        for (EntityMetadata<?> meta : entities) {
            for (RelationMetadata relation : meta.relations()) {
                if (relation.isOwningManyToMany()) {
                    joinTables.add(relation.joinTable());
                }
            }
        }
        return joinTables;
    }

    private static List<String> joinTableStatements(Dialect dialect, ConstraintNames names, List<JoinTableMetadata> joinTables) {
        List<String> statements = new ArrayList<>();
        for (JoinTableMetadata joinTable : joinTables) {
            String owner = dialect.quote(joinTable.ownerColumn());
            String target = dialect.quote(joinTable.targetColumn());
            statements.add("CREATE TABLE " + dialect.quote(joinTable.table()) + " (" + owner + " " + columnType(dialect, joinTable.owner(), joinTable.owner().id())
                    + " NOT NULL, " + target + " " + columnType(dialect, joinTable.target(), joinTable.target().id()) + " NOT NULL, PRIMARY KEY ("
                    + owner + ", " + target + "))");
        }
        for (JoinTableMetadata joinTable : joinTables) {
            statements.add(foreignKey(dialect, names, joinTable.table(), joinTable.ownerColumn(), joinTable.owner()));
            statements.add(foreignKey(dialect, names, joinTable.table(), joinTable.targetColumn(), joinTable.target()));
            // the primary key (owner, target) serves lookups by owner; the inverse side reads by target
            statements.addAll(foreignKeyIndex(dialect, names, joinTable.table(), joinTable.targetColumn()));
        }
        return statements;
    }

    private static String foreignKey(Dialect dialect, ConstraintNames names, String table, String column, EntityMetadata<?> target) {
        return "ALTER TABLE " + dialect.quote(table) + " ADD CONSTRAINT " + dialect.quote(names.foreignKey(table, column))
                + " FOREIGN KEY (" + dialect.quote(column) + ") REFERENCES " + dialect.quote(target.table())
                + " (" + dialect.quote(target.id().column()) + ")";
    }

    /** An index on a foreign-key column, for a database that does not make one itself; else nothing. */
    private static List<String> foreignKeyIndex(Dialect dialect, ConstraintNames names, String table, String column) {
        if (dialect.indexesForeignKeysItself()) {
            return List.of();
        }
        return List.of("CREATE INDEX " + dialect.quote(names.index(table, column)) + " ON "
                + dialect.quote(table) + " (" + dialect.quote(column) + ")");
    }

    private static List<String> createStatements(Dialect dialect, ConstraintNames names, Iterable<EntityMetadata<?>> entities) {
        List<String> statements = new ArrayList<>();
        for (EntityMetadata<?> meta : entities) {
            if (meta.idGeneration() == IdGeneration.SEQUENCE && dialect.supportsSequences()) {
                statements.add(dialect.createSequence(meta, 1));
            }
            StringBuilder table = new StringBuilder("CREATE TABLE ").append(dialect.quote(meta.table())).append(" (");
            for (PropertyMetadata p : meta.properties()) {
                table.append(columnDefinition(dialect, meta, p, "")).append(", ");
            }
            table.append("PRIMARY KEY (").append(dialect.quote(meta.id().column())).append("))");
            statements.add(table.toString());
        }
        // foreign keys after every table exists, so relation cycles and self-references need no ordering
        for (EntityMetadata<?> meta : entities) {
            for (PropertyMetadata p : meta.toOnes()) {
                statements.add(foreignKey(dialect, names, meta.table(), p.column(), p.target()));
                statements.addAll(foreignKeyIndex(dialect, names, meta.table(), p.column()));
            }
        }
        return statements;
    }

    /** A column's definition; {@code defaultClause} (e.g. {@code " DEFAULT 0"}, or empty) goes before its constraints. */
    private static String columnDefinition(Dialect dialect, EntityMetadata<?> meta, PropertyMetadata p, String defaultClause) {
        boolean identity = p.isId() && meta.idGeneration() == IdGeneration.IDENTITY;
        String type = identity ? dialect.identityColumnType(p) : columnType(dialect, meta, p);
        return dialect.quote(p.column()) + " " + type + defaultClause + (p.nullable() ? "" : " NOT NULL")
                + (p.unique() && !p.isId() ? " UNIQUE" : "");
    }

    /**
     * A property's column type in the dialect; a decimal the database cannot hold fails here (RO-1001).
     * Precision and scale are read for DDL only, so this is where a mapping meets the database's limits;
     * every statement list is built before its first statement is sent, so nothing of the schema is created.
     */
    private static String columnType(Dialect dialect, EntityMetadata<?> meta, PropertyMetadata p) {
        if (p.valueType() == ValueType.BIG_DECIMAL) {
            if (p.precision() > dialect.maxDecimalPrecision()) {
                throw OrmErrors.decimalBeyondDatabase(meta.type(), p.name(), "precision", p.precision(), dialect.name(),
                        dialect.maxDecimalPrecision(), dialect.maxDecimalScale());
            }
            if (p.scale() > dialect.maxDecimalScale()) {
                throw OrmErrors.decimalBeyondDatabase(meta.type(), p.name(), "scale", p.scale(), dialect.name(),
                        dialect.maxDecimalPrecision(), dialect.maxDecimalScale());
            }
        }
        return dialect.columnType(p);
    }

    private Mono<Void> run(Function<Dialect, List<String>> statements) {
        return driver.withRawConnection((Connection connection) -> {
            StatementRunner runner = R2dbcConnections.runner(connection, driver.listener());
            return execute(runner, statements.apply(driver.dialect(connection)));
        }).then();
    }

    private static Flux<Long> execute(StatementRunner runner, List<String> statements) {
        return Flux.fromIterable(statements).concatMap(sql -> runner.update(sql, new Binds(0), "DDL", "schema"));
    }
}
