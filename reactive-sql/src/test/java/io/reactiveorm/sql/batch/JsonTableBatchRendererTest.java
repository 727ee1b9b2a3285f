package io.reactiveorm.sql.batch;

import io.reactiveorm.metadata.EntityMetadata;
import io.reactiveorm.metadata.Metadata;
import io.reactiveorm.metadata.NamingStrategy;
import io.reactiveorm.metadata.PropertyMetadata;
import io.reactiveorm.metadata.ValueType;
import io.reactiveorm.spi.DeleteBatch;
import io.reactiveorm.spi.UpdateBatch;
import io.reactiveorm.sql.dialect.Dialect;
import io.reactiveorm.sql.dialect.Dialects;
import io.reactiveorm.sql.render.EntitySql;
import io.reactiveorm.sql.render.RenderedSql;
import io.reactiveorm.sql.render.SqlTextCache;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Version;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonTableBatchRendererTest {

    enum Color { RED, GREEN }

    @Entity
    static class Sample {
        @Id
        @GeneratedValue(strategy = GenerationType.IDENTITY)
        Long id;
        String name;
        boolean flag;
        short small;
        long big;
        float weight;
        double ratio;
        BigDecimal amount;
        UUID token;
        Instant at;
        OffsetDateTime offsetAt;
        LocalDate day;
        LocalDateTime localAt;
        @Enumerated(EnumType.STRING)
        Color color;
        @Enumerated(EnumType.ORDINAL)
        Color shade;
        byte[] data;
        @Version
        int version;
    }

    @Entity
    static class Keyed {
        @Id
        UUID id;
        String name;
    }

    private static final Metadata METADATA = Metadata.discover(List.of(Sample.class, Keyed.class), NamingStrategy.snakeCase());
    private static final EntityMetadata<Sample> SAMPLE = METADATA.get(Sample.class);
    private static final Dialect MARIADB = Dialects.detect("MySQL", "11.4.5-MariaDB");

    private final BatchRenderer renderer = BatchRenderer.of(MARIADB, new SqlTextCache());
    private final EntitySql sample = new EntitySql(SAMPLE, MARIADB);

    private static PropertyMetadata[] columns(EntityMetadata<?> meta, String... names) {
        PropertyMetadata[] columns = new PropertyMetadata[names.length];
        for (int i = 0; i < names.length; i++) {
            columns[i] = meta.property(names[i]);
        }
        return columns;
    }

    private static UpdateBatch names(Object[] ids, String... names) {
        Object[][] values = new Object[names.length][];
        for (int i = 0; i < names.length; i++) {
            values[i] = new Object[] {names[i]};
        }
        return new UpdateBatch(SAMPLE, columns(SAMPLE, "name"), ids, values, null);
    }

    @Test
    void mariaDbUpdatesThroughOneJsonParameterWhateverTheRowCount() {
        RenderedSql two = renderer.update(sample, names(new Object[] {1L, 2L}, "a", "b")).get(0);
        RenderedSql three = renderer.update(sample, names(new Object[] {1L, 2L, 3L}, "a", "b", "c")).get(0);

        assertThat(two.sql()).isEqualTo("UPDATE `sample` AS t JOIN JSON_TABLE(?, '$[*]' COLUMNS (k BIGINT PATH '$[0]',"
                + " c0 LONGTEXT PATH '$[1]')) AS v ON t.`id` = v.k SET t.`name` = v.c0");
        assertThat(three.sql()).isSameAs(two.sql());
        assertThat(two.binds().size()).isEqualTo(1);
        assertThat(two.binds().type(0)).isEqualTo(String.class);
        assertThat(two.binds().value(0)).isEqualTo("[[1,\"a\"],[2,\"b\"]]");
        assertThat(three.rows()).isEqualTo(3);
    }

    @Test
    void versionedUpdatesMatchTheExpectedVersionInTheJoin() {
        RenderedSql update = renderer.update(sample, new UpdateBatch(SAMPLE, columns(SAMPLE, "name", "version"),
                new Object[] {1L, 2L}, new Object[][] {{"a", 2}, {"b", 3}}, new Object[] {1, 2})).get(0);

        assertThat(update.sql()).isEqualTo("UPDATE `sample` AS t JOIN JSON_TABLE(?, '$[*]' COLUMNS (k BIGINT PATH '$[0]',"
                + " c0 LONGTEXT PATH '$[1]', c1 BIGINT PATH '$[2]', ev BIGINT PATH '$[3]')) AS v"
                + " ON t.`id` = v.k AND t.`version` = v.ev SET t.`name` = v.c0, t.`version` = v.c1");
        assertThat(update.binds().value(0)).isEqualTo("[[1,\"a\",2,1],[2,\"b\",3,2]]");
    }

    @Test
    void everyValueTypeIsWrittenAsExactJsonAndReadBackAsAWideEnoughType() {
        PropertyMetadata[] columns = columns(SAMPLE, "flag", "small", "big", "weight", "ratio", "amount", "token", "at",
                "offsetAt", "day", "localAt", "color", "shade", "name");
        Object[] row = new Object[columns.length];
        Object[] javaValues = {true, (short) -7, Long.MIN_VALUE, 0.1f, 1.0E-5, new BigDecimal("12345678901234567890.1234567891"),
                UUID.fromString("123e4567-e89b-12d3-a456-426614174000"), Instant.parse("2026-02-28T23:59:59.123456789Z"),
                OffsetDateTime.of(2026, 3, 1, 1, 2, 3, 4_000, ZoneOffset.ofHours(2)), LocalDate.of(2026, 2, 28),
                LocalDateTime.of(2026, 1, 2, 3, 4, 5), Color.GREEN, Color.GREEN, null};
        for (int c = 0; c < columns.length; c++) {
            row[c] = columns[c].toColumnValue(javaValues[c]);
        }

        RenderedSql update = renderer.update(sample, new UpdateBatch(SAMPLE, columns, new Object[] {42L}, new Object[][] {row}, null)).get(0);

        assertThat(update.sql()).contains("c0 BOOLEAN PATH '$[1]', c1 BIGINT PATH '$[2]', c2 BIGINT PATH '$[3]',"
                + " c3 DOUBLE PATH '$[4]', c4 DOUBLE PATH '$[5]', c5 LONGTEXT PATH '$[6]', c6 LONGTEXT PATH '$[7]',"
                + " c7 LONGTEXT PATH '$[8]', c8 LONGTEXT PATH '$[9]', c9 LONGTEXT PATH '$[10]', c10 LONGTEXT PATH '$[11]',"
                + " c11 LONGTEXT PATH '$[12]', c12 BIGINT PATH '$[13]', c13 LONGTEXT PATH '$[14]'");
        assertThat(update.binds().value(0)).isEqualTo("[[42,true,-7,-9223372036854775808,"
                // the float 0.1f exactly, as a double; DOUBLE narrows back to the same float
                + "0.10000000149011612,1.0E-5,\"12345678901234567890.1234567891\","
                + "\"123e4567-e89b-12d3-a456-426614174000\","
                // instants and offsets in UTC, to the microsecond (DATETIME(6))
                + "\"2026-02-28 23:59:59.123456\",\"2026-02-28 23:02:03.000004\",\"2026-02-28\",\"2026-01-02 03:04:05.000000\","
                + "\"GREEN\",1,null]]");
    }

    @Test
    void stringsAreEscapedAsJsonAndKeptVerbatimOtherwise() {
        String tricky = "quote \" backslash \\ slash / newline \n tab \t bell \u0007 nul \u0000 é 😀 '?";

        RenderedSql update = renderer.update(sample, names(new Object[] {1L}, tricky)).get(0);

        assertThat(update.binds().value(0)).isEqualTo("[[1,\"quote \\\" backslash \\\\ slash / newline \\n tab \\t"
                + " bell \\u0007 nul \\u0000 é 😀 '?\"]]");
    }

    @Test
    void byteArraysAndNonIntegralIdsFallBackToTheValuesJoinAndNonFiniteNumbersAreRefused() {
        RenderedSql bytes = renderer.update(sample, new UpdateBatch(SAMPLE, columns(SAMPLE, "data"),
                new Object[] {1L}, new Object[][] {{new byte[] {1, 2}}}, null)).get(0);
        EntityMetadata<Keyed> keyed = METADATA.get(Keyed.class);
        RenderedSql uuidKey = renderer.update(new EntitySql(keyed, MARIADB), new UpdateBatch(keyed, columns(keyed, "name"),
                new Object[] {UUID.randomUUID()}, new Object[][] {{"a"}}, null)).get(0);

        assertThat(bytes.sql()).startsWith("UPDATE `sample` AS t JOIN (WITH v (k, c0) AS (VALUES (?, ?))");
        assertThat(bytes.binds().value(1)).isEqualTo(new byte[] {1, 2});
        assertThat(uuidKey.sql()).startsWith("UPDATE `keyed` AS t JOIN (WITH v (k, c0) AS (VALUES (?, ?))");
        // no JSON form, and MariaDB stores no NaN: refused naming entity and property, not sent
        assertThatThrownBy(() -> renderer.update(sample, new UpdateBatch(SAMPLE, columns(SAMPLE, "ratio"),
                new Object[] {1L, 2L}, new Object[][] {{1.5}, {Double.NaN}}, null)))
                .hasMessageContaining("RO-2004")
                .hasMessageContaining("Cannot write NaN to Sample.ratio");
    }

    @Test
    void deletesStayIdLists() {
        RenderedSql delete = renderer.delete(sample, new DeleteBatch(SAMPLE, new Object[] {1L, 2L}, new Object[] {3, 4})).get(0);

        assertThat(delete.sql()).isEqualTo("DELETE FROM `sample` WHERE `id` IN (?, ?) AND `version` = CASE `id` WHEN ? THEN ? WHEN ? THEN ? END");
    }

    @Test
    void onlyMariaDb106AndLaterHaveJsonTable() {
        assertThat(Dialects.detect("MySQL", "11.4.5-MariaDB").batchesThroughJsonTable()).isTrue();
        assertThat(Dialects.detect("MariaDB", "10.6.20").batchesThroughJsonTable()).isTrue();
        assertThat(Dialects.detect("MySQL", "5.5.5-10.11.9-MariaDB").batchesThroughJsonTable()).isTrue();
        assertThat(Dialects.detect("MySQL", "5.5.5-10.5.27-MariaDB").batchesThroughJsonTable()).isFalse();
        assertThat(Dialects.detect("MySQL", "8.4.3").batchesThroughJsonTable()).isFalse();
        assertThat(JsonRows.columnType(ValueType.BYTES)).isNull();
    }
}
