package io.reactiveorm.sql.batch;

import io.reactiveorm.metadata.EntityMetadata;
import io.reactiveorm.metadata.Metadata;
import io.reactiveorm.metadata.NamingStrategy;
import io.reactiveorm.metadata.PropertyMetadata;
import io.reactiveorm.spi.DeleteBatch;
import io.reactiveorm.spi.InsertBatch;
import io.reactiveorm.spi.UpdateBatch;
import io.reactiveorm.sql.dialect.Dialect;
import io.reactiveorm.sql.dialect.Dialects;
import io.reactiveorm.sql.render.EntitySql;
import io.reactiveorm.sql.render.RenderedSql;
import io.reactiveorm.sql.render.SqlTextCache;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Version;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BatchRendererTest {

    @Entity
    static class Item {
        @Id
        @GeneratedValue(strategy = GenerationType.IDENTITY)
        Long id;
        String name;
        @Version
        int version;
    }

    @Entity
    static class Blob {
        @Id
        Long id;
        byte[] data;
    }

    private static final Metadata METADATA = Metadata.discover(List.of(Item.class, Blob.class), NamingStrategy.snakeCase());
    private static final EntityMetadata<Item> ITEM = METADATA.get(Item.class);
    private static final Dialect POSTGRES = Dialects.detect("PostgreSQL", "15.4");
    private static final Dialect MARIADB = Dialects.detect("MySQL", "11.4.5-MariaDB");
    /** MariaDB 10.5 has no JSON_TABLE, so its updates join a table value constructor. */
    private static final Dialect MARIADB_10_5 = Dialects.detect("MySQL", "5.5.5-10.5.27-MariaDB");

    private static PropertyMetadata[] columns(EntityMetadata<?> meta, String... names) {
        PropertyMetadata[] columns = new PropertyMetadata[names.length];
        for (int i = 0; i < names.length; i++) {
            columns[i] = meta.property(names[i]);
        }
        return columns;
    }

    private static List<Object[]> rows(int n) {
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(new Object[] {"item " + i, 1});
        }
        return rows;
    }

    @Test
    void postgresInsertsAnyRowCountWithOneConstantTextThroughUnnest() {
        SqlTextCache texts = new SqlTextCache();
        BatchRenderer renderer = BatchRenderer.of(POSTGRES, texts);
        EntitySql item = new EntitySql(ITEM, POSTGRES);

        List<RenderedSql> three = renderer.insert(item, new InsertBatch(ITEM, columns(ITEM, "name", "version"), rows(3), true));
        List<RenderedSql> many = renderer.insert(item, new InsertBatch(ITEM, columns(ITEM, "name", "version"), rows(250), true));

        assertThat(three).hasSize(1);
        assertThat(three.get(0).sql()).isEqualTo("INSERT INTO \"item\" (\"name\", \"version\") SELECT * FROM unnest($1::text[], $2::int4[]) RETURNING \"id\"");
        assertThat(many.get(0).sql()).isSameAs(three.get(0).sql());
        assertThat(many.get(0).rows()).isEqualTo(250);
        assertThat((Object[]) many.get(0).binds().value(0)).hasSize(250).startsWith("item 0");
        assertThat(texts.size()).isEqualTo(1);
    }

    @Test
    void postgresUpdatesAndDeletesWithVersionChecks() {
        BatchRenderer renderer = BatchRenderer.of(POSTGRES, new SqlTextCache());
        EntitySql item = new EntitySql(ITEM, POSTGRES);

        RenderedSql update = renderer.update(item, new UpdateBatch(ITEM, columns(ITEM, "name", "version"),
                new Object[] {1L, 2L}, new Object[][] {{"a", 2}, {"b", 3}}, new Object[] {1, 2})).get(0);
        RenderedSql delete = renderer.delete(item, new DeleteBatch(ITEM, new Object[] {1L, 2L}, new Object[] {1, 2})).get(0);

        assertThat(update.sql()).isEqualTo("UPDATE \"item\" AS t SET \"name\" = v.c0, \"version\" = v.c1 FROM unnest($1::int8[], $2::text[], $3::int4[], $4::int4[])"
                + " AS v(k, c0, c1, ev) WHERE t.\"id\" = v.k AND t.\"version\" = v.ev");
        assertThat(update.binds().size()).isEqualTo(4);
        assertThat(delete.sql()).isEqualTo("DELETE FROM \"item\" AS t USING unnest($1::int8[], $2::int4[]) AS v(k, ev) WHERE t.\"id\" = v.k AND t.\"version\" = v.ev");
    }

    @Test
    void postgresFallsBackToRowsForByteArrays() {
        EntityMetadata<Blob> blob = METADATA.get(Blob.class);
        RenderedSql insert = BatchRenderer.of(POSTGRES, new SqlTextCache()).insert(new EntitySql(blob, POSTGRES),
                new InsertBatch(blob, blob.properties(), List.of(new Object[] {1L, new byte[] {1}}, new Object[] {2L, new byte[] {2}}), false)).get(0);

        assertThat(insert.sql()).isEqualTo("INSERT INTO \"blob\" (\"id\", \"data\") VALUES ($1, $2), ($3, $4)");
    }

    @Test
    void mariaDb105WritesRowListsAndUpdatesThroughAValuesJoin() {
        BatchRenderer renderer = BatchRenderer.of(MARIADB_10_5, new SqlTextCache());
        EntitySql item = new EntitySql(ITEM, MARIADB_10_5);

        RenderedSql insert = renderer.insert(item, new InsertBatch(ITEM, columns(ITEM, "name", "version"), rows(2), true)).get(0);
        RenderedSql update = renderer.update(item, new UpdateBatch(ITEM, columns(ITEM, "name", "version"),
                new Object[] {1L, 2L}, new Object[][] {{"a", 2}, {"b", 3}}, new Object[] {1, 2})).get(0);
        RenderedSql delete = renderer.delete(item, new DeleteBatch(ITEM, new Object[] {1L, 2L}, null)).get(0);

        assertThat(insert.sql()).isEqualTo("INSERT INTO `item` (`name`, `version`) VALUES (?, ?), (?, ?)");
        assertThat(update.sql()).isEqualTo("UPDATE `item` AS t JOIN (WITH v (k, c0, c1, ev) AS (VALUES (?, ?, ?, ?), (?, ?, ?, ?))"
                + " SELECT * FROM v) AS v ON t.`id` = v.k AND t.`version` = v.ev SET t.`name` = v.c0, t.`version` = v.c1");
        assertThat(update.binds().toString()).isEqualTo("[1, a, 2, 1, 2, b, 3, 2]");
        assertThat(delete.sql()).isEqualTo("DELETE FROM `item` WHERE `id` IN (?, ?)");
    }

    @Test
    void h2UpdatesWithCaseChainsTypedWithoutALength() {
        Dialect h2 = Dialects.detect("H2", "2.5.252");
        RenderedSql update = BatchRenderer.of(h2, new SqlTextCache()).update(new EntitySql(ITEM, h2),
                new UpdateBatch(ITEM, columns(ITEM, "name", "version"), new Object[] {1L}, new Object[][] {{"a", 2}}, new Object[] {1})).get(0);

        assertThat(update.sql()).isEqualTo("UPDATE \"item\" SET \"name\" = CASE \"id\" WHEN $1 THEN CAST($2 AS VARCHAR) END,"
                + " \"version\" = CASE \"id\" WHEN $3 THEN CAST($4 AS INTEGER) END WHERE \"id\" IN ($5)"
                + " AND \"version\" = CASE \"id\" WHEN $6 THEN CAST($7 AS INTEGER) END");
        assertThat(update.binds().toString()).isEqualTo("[1, a, 1, 2, 1, 1, 1]");
    }

    @Test
    void rowBatchesSplitBeforeTheBindParameterLimit() {
        BatchRenderer renderer = BatchRenderer.of(MARIADB, new SqlTextCache());
        EntitySql item = new EntitySql(ITEM, MARIADB);

        List<RenderedSql> statements = renderer.insert(item, new InsertBatch(ITEM, columns(ITEM, "name", "version"), rows(40_000), true));

        assertThat(statements).hasSize(2);
        assertThat(statements.get(0).rows()).isEqualTo(32_767);
        assertThat(statements.get(1).rows()).isEqualTo(7_233);
    }
}
