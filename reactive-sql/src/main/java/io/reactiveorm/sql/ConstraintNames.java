package io.reactiveorm.sql;

import io.reactiveorm.metadata.EntityMetadata;
import io.reactiveorm.metadata.JoinTableMetadata;
import io.reactiveorm.metadata.PropertyMetadata;
import io.reactiveorm.metadata.RelationMetadata;
import io.reactiveorm.sql.dialect.Dialect;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The names of the foreign keys ({@code fk_<table>_<column>}) and of their indexes ({@code ix_...}) of
 * every relation column of an Orm's entities, to-ones and join-table columns. A name that is longer than
 * the database's identifiers (PostgreSQL would cut it, and two cut names can become one; MariaDB refuses
 * it), or that another column's name spells the same way (table {@code a_b} with column {@code c}, table
 * {@code a} with column {@code b_c}; H2, MariaDB and PostgreSQL's indexes need names unique in the schema),
 * keeps its head and ends in {@code _} and 8 hex digits of a hash of its table and column. Computed from
 * the metadata alone, so create, update and drop name every key alike.
 *
 * <p>Thread-safety: immutable once built.
 */
final class ConstraintNames {

    private final Map<String, String> names = new HashMap<>();

    ConstraintNames(Dialect dialect, Iterable<EntityMetadata<?>> entities) {
        List<String[]> columns = new ArrayList<>();
        for (EntityMetadata<?> meta : entities) {
            for (PropertyMetadata toOne : meta.toOnes()) {
                columns.add(new String[] {meta.table(), toOne.column()});
            }
            for (RelationMetadata relation : meta.relations()) {
                if (relation.isOwningManyToMany()) {
                    JoinTableMetadata joinTable = relation.joinTable();
                    columns.add(new String[] {joinTable.table(), joinTable.ownerColumn()});
                    columns.add(new String[] {joinTable.table(), joinTable.targetColumn()});
                }
            }
        }
        for (String prefix : List.of("fk_", "ix_")) {
            Map<String, Integer> spelled = new HashMap<>();
            for (String[] column : columns) {
                spelled.merge(plain(prefix, column[0], column[1]).toLowerCase(Locale.ROOT), 1, Integer::sum);
            }
            for (String[] column : columns) {
                String plain = plain(prefix, column[0], column[1]);
                boolean fits = plain.length() <= dialect.maxIdentifierLength() && spelled.get(plain.toLowerCase(Locale.ROOT)) == 1;
                names.put(key(prefix, column[0], column[1]), fits ? plain : hashed(dialect, plain, column[0], column[1]));
            }
        }
    }

    /** The name of the foreign key on {@code table.column}. */
    String foreignKey(String table, String column) {
        return names.get(key("fk_", table, column));
    }

    /** The name of the index on {@code table.column}. */
    String index(String table, String column) {
        return names.get(key("ix_", table, column));
    }

    private static String plain(String prefix, String table, String column) {
        return prefix + table + "_" + column;
    }

    private static String key(String prefix, String table, String column) {
        return prefix + table + '\0' + column;
    }

    private static String hashed(Dialect dialect, String plain, String table, String column) {
        String hash = String.format("_%08x", (table + '\0' + column).hashCode());
        return plain.substring(0, Math.min(plain.length(), dialect.maxIdentifierLength() - hash.length())) + hash;
    }
}
