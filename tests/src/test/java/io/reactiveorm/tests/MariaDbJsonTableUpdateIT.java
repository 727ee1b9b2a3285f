package io.reactiveorm.tests;

import io.reactiveorm.DatabaseException;
import io.reactiveorm.EntityManager;
import io.reactiveorm.query.Filter;
import io.reactiveorm.tests.db.TestDatabase;
import jakarta.persistence.Column;
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
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * MariaDB writes updates of entities with integral ids as one JSON document joined through
 * {@code JSON_TABLE}: every value type comes back exactly as written, and values that do not fit
 * their column fail as they do with bound parameters instead of being truncated.
 */
class MariaDbJsonTableUpdateIT extends OrmContract {

    enum Mood { CALM, ANGRY }

    @Entity
    static class Sample {
        @Id
        @GeneratedValue(strategy = GenerationType.IDENTITY)
        Long id;
        @Column(length = 20)
        String name;
        Boolean flag;
        short small;
        long big;
        float weight;
        double ratio;
        @Column(precision = 30, scale = 10)
        BigDecimal amount;
        UUID token;
        Instant at;
        OffsetDateTime offsetAt;
        LocalDate day;
        LocalDateTime localAt;
        @Enumerated(EnumType.STRING)
        Mood mood;
        @Enumerated(EnumType.ORDINAL)
        Mood shade;
        @Version
        int version;
    }

    @Override
    TestDatabase database() {
        return TestDatabase.MARIADB;
    }

    @Override
    List<Class<?>> entities() {
        return List.of(Sample.class);
    }

    private Sample inserted() {
        EntityManager em = orm.fork();
        Sample sample = em.persist(new Sample());
        sample.name = "before";
        sample.flag = false;
        sample.amount = BigDecimal.ONE;
        await(em.flush());
        log.clear();
        return sample;
    }

    @Test
    void everyValueTypeRoundTripsThroughTheJsonUpdate() {
        Long id = inserted().id;
        EntityManager em = orm.fork();
        Sample s = await(em.findOne(Sample.class, id));
        s.name = "q\" \\ \n\t\u0001ü é '?";
        s.flag = true;
        s.small = Short.MIN_VALUE;
        s.big = Long.MAX_VALUE;
        s.weight = 0.1f;
        s.ratio = 4.9E-324;
        s.amount = new BigDecimal("12345678901234567890.1234567891");
        s.token = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
        s.at = Instant.parse("2026-02-28T23:59:59.123456Z");
        s.offsetAt = OffsetDateTime.of(2026, 3, 1, 1, 2, 3, 4_000, ZoneOffset.ofHours(2));
        s.day = LocalDate.of(2024, 2, 29);
        s.localAt = LocalDateTime.of(2026, 1, 2, 3, 4, 5, 600_000);
        s.mood = Mood.ANGRY;
        s.shade = Mood.ANGRY;
        await(em.flush());

        assertThat(log.sql("UPDATE")).singleElement().asString().contains("JSON_TABLE(?, '$[*]'");
        Sample loaded = await(orm.fork().findOne(Sample.class, id));
        assertThat(loaded.name).isEqualTo("q\" \\ \n\t\u0001ü é '?");
        assertThat(loaded.flag).isTrue();
        assertThat(loaded.small).isEqualTo(Short.MIN_VALUE);
        assertThat(loaded.big).isEqualTo(Long.MAX_VALUE);
        assertThat(loaded.weight).isEqualTo(0.1f);
        assertThat(loaded.ratio).isEqualTo(4.9E-324);
        assertThat(loaded.amount).isEqualTo(new BigDecimal("12345678901234567890.1234567891"));
        assertThat(loaded.token).isEqualTo(UUID.fromString("123e4567-e89b-12d3-a456-426614174000"));
        assertThat(loaded.at).isEqualTo(Instant.parse("2026-02-28T23:59:59.123456Z"));
        assertThat(loaded.offsetAt).isEqualTo(OffsetDateTime.of(2026, 2, 28, 23, 2, 3, 4_000, ZoneOffset.UTC));
        assertThat(loaded.day).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(loaded.localAt).isEqualTo(LocalDateTime.of(2026, 1, 2, 3, 4, 5, 600_000));
        assertThat(loaded.mood).isEqualTo(Mood.ANGRY);
        assertThat(loaded.shade).isEqualTo(Mood.ANGRY);
        assertThat(loaded.version).isEqualTo(2);
    }

    @Test
    void nullsAreWrittenAsNulls() {
        Long id = inserted().id;
        EntityManager em = orm.fork();
        Sample s = await(em.findOne(Sample.class, id));
        s.name = null;
        s.flag = null;
        s.amount = null;
        await(em.flush());

        Sample loaded = await(orm.fork().findOne(Sample.class, id));
        assertThat(loaded.name).isNull();
        assertThat(loaded.flag).isNull();
        assertThat(loaded.amount).isNull();
    }

    @Test
    void aStringTooLongForItsColumnFailsInsteadOfBeingTruncated() {
        Long id = inserted().id;
        EntityManager em = orm.fork();
        Sample s = await(em.findOne(Sample.class, id));
        s.name = "x".repeat(21);

        assertThatThrownBy(() -> await(em.flush())).isInstanceOf(DatabaseException.class);
        assertThat(log.sql("UPDATE")).singleElement().asString().contains("JSON_TABLE");
        assertThat(await(orm.fork().findOne(Sample.class, id)).name).isEqualTo("before");
    }

    @Test
    void manyRowsAreOneStatementPerBatch() {
        EntityManager setup = orm.fork();
        for (int i = 0; i < 500; i++) {
            Sample sample = setup.persist(new Sample());
            sample.small = (short) i;
        }
        await(setup.flush());
        log.clear();

        EntityManager em = orm.fork();
        List<Sample> all = await(em.find(Sample.class, Filter.all()));
        all.forEach(sample -> sample.small++);
        await(em.flush());

        assertThat(log.count("UPDATE")).isEqualTo(2);
        assertThat(log.sql("UPDATE")).allMatch(sql -> sql.contains("JSON_TABLE"));
        assertThat(await(orm.fork().find(Sample.class, Filter.all())))
                .extracting(sample -> (int) sample.small).containsExactlyInAnyOrderElementsOf(
                        IntStream.range(1, 501).boxed().toList());
    }
}
