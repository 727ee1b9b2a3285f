package io.reactiveorm.tests;

import io.reactiveorm.EntityManager;
import io.reactiveorm.MappingException;
import io.reactiveorm.Orm;
import io.reactiveorm.sql.SchemaGenerator;
import io.reactiveorm.tests.db.TestDatabase;
import io.reactiveorm.tests.schema.CounterV1;
import io.reactiveorm.tests.schema.CounterV2;
import io.reactiveorm.tests.schema.CounterV3;
import io.reactiveorm.tests.schema.FineDecimal;
import io.reactiveorm.tests.schema.TaskV1;
import io.reactiveorm.tests.schema.TaskV2;
import io.reactiveorm.tests.schema.VastDecimal;
import io.reactiveorm.tests.schema.WideDecimal;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Schema updates from an older schema (the V1 entities) to the current one (the V2 entities), run
 * unchanged against every database: one subclass per database.
 */
abstract class SchemaContract extends OrmContract {

    @Override
    List<Class<?>> entities() {
        return List.of(CounterV2.class, TaskV2.class);
    }

    /** Replaces the current schema by the older one and returns the older entities' Orm. */
    private Orm olderSchema() {
        await(SchemaGenerator.of(orm).drop());
        Orm older = Orm.builder().entities(CounterV1.class, TaskV1.class).driver(driver).build();
        await(SchemaGenerator.of(older).create());
        return older;
    }

    @Test
    void schemaUpdateCreatesTheMissingSequenceOfAnExistingTableStartingAfterItsIds() {
        EntityManager old = olderSchema().fork();
        for (int i = 0; i < 3; i++) {
            old.persist(new CounterV1("old " + i));
        }
        await(old.flush());
        long highest = sqlCount("SELECT MAX(%s) FROM %s", "id", "schema_counter");
        log.clear();

        await(SchemaGenerator.of(orm).update());

        assertThat(log.sql("CREATE")).singleElement().asString().contains("schema_counter_seq").contains("START WITH " + (highest + 1));
        EntityManager em = orm.fork();
        CounterV2 first = em.persist(new CounterV2("new 1"));
        CounterV2 second = em.persist(new CounterV2("new 2"));
        await(em.flush());
        assertThat(first.getId()).isGreaterThan(highest);
        assertThat(second.getId()).isGreaterThan(highest);
        assertThat(sqlCount("SELECT COUNT(*) FROM %s", "schema_counter")).isEqualTo(5);
        log.clear();
        await(SchemaGenerator.of(orm).update());
        assertThat(log.count("CREATE") + log.count("ALTER")).isZero();
    }

    @Test
    void schemaUpdateRaisesASequencesIncrementToTheAllocationSizeSoNoIdIsHandedOutTwice() {
        EntityManager before = orm.fork();
        for (int i = 0; i < 3; i++) {
            before.persist(new CounterV2("before " + i));
        }
        await(before.flush());
        Orm raised = Orm.builder().entities(CounterV3.class, TaskV2.class).driver(driver).build();
        log.clear();

        await(SchemaGenerator.of(raised).update());

        assertThat(log.sql("ALTER")).singleElement().asString().contains("schema_counter_seq").contains("INCREMENT BY 200");
        List<Long> ids = new ArrayList<>();
        for (int instance = 0; instance < 2; instance++) {
            // two application instances, each drawing blocks of 200 from the sequence
            EntityManager em = Orm.builder().entities(CounterV3.class, TaskV2.class).driver(driver).build().fork();
            List<CounterV3> counters = new ArrayList<>();
            for (int i = 0; i < 250; i++) {
                counters.add(em.persist(new CounterV3("instance " + instance + " #" + i)));
            }
            await(em.flush());
            counters.forEach(counter -> ids.add(counter.getId()));
        }
        assertThat(new HashSet<>(ids)).hasSize(500);
        assertThat(sqlCount("SELECT COUNT(*) FROM %s", "schema_counter")).isEqualTo(503);
        log.clear();
        await(SchemaGenerator.of(raised).update());
        assertThat(log.count("CREATE") + log.count("ALTER")).isZero();
    }

    @Test
    void schemaUpdateAddsPrimitiveColumnsToATableWithRowsAsNotNullHoldingTheJavaDefaults() {
        EntityManager old = olderSchema().fork();
        TaskV1 task = old.persist(new TaskV1("existing"));
        await(old.flush());

        await(SchemaGenerator.of(orm).update());

        TaskV2 loaded = await(orm.fork().findOne(TaskV2.class, task.getId()));
        assertThat(loaded.getTitle()).isEqualTo("existing");
        assertThat(loaded.getPriority()).isZero();
        assertThat(loaded.isDone()).isFalse();
        assertThat(sqlCount("SELECT COUNT(*) FROM %s WHERE %s = 0 AND %s = FALSE", "schema_task", "priority", "done")).isEqualTo(1);
        // NOT NULL and without a default, as create() makes them
        assertThat(sqlCount("SELECT COUNT(*) FROM information_schema.columns WHERE table_name = 'schema_task'"
                + " AND column_name IN ('priority', 'done') AND is_nullable = 'NO' AND column_default IS NULL")).isEqualTo(2);
        log.clear();
        await(SchemaGenerator.of(orm).update());
        assertThat(log.count("CREATE") + log.count("ALTER")).isZero();
    }

    @Test
    void schemaUpdateOfEntitiesWithoutSequencesReadsOnlyTheColumns() {
        Orm tasks = Orm.builder().entities(TaskV2.class).driver(driver).build();
        log.clear();

        await(SchemaGenerator.of(tasks).update());

        // before, the sequences of the schema were read too, for no SEQUENCE entity
        assertThat(log.events()).as(log.events().toString()).singleElement()
                .satisfies(event -> assertThat(event.sql()).containsIgnoringCase("columns"));
    }

    // decimal columns beyond what the database holds

    @Test
    void aDecimalOf70DigitsIsRefusedOnMariaDbBeforeAnyDdlAndHeldByTheOthers() {
        BigDecimal value = new BigDecimal("9".repeat(68) + ".99");
        if (database() == TestDatabase.MARIADB) {
            assertSchemaRefused(WideDecimal.class, "@Column precision 70", "MariaDB", "precision at most 65");
        } else {
            assertThat(storedAndRead(new WideDecimal(value), WideDecimal::getId, WideDecimal::getAmount)).isEqualTo(value);
        }
    }

    @Test
    void aDecimalWith39DecimalsIsRefusedOnMariaDbBeforeAnyDdlAndHeldByTheOthers() {
        BigDecimal value = new BigDecimal("12345678901234567890123456." + "7".repeat(39));
        if (database() == TestDatabase.MARIADB) {
            assertSchemaRefused(FineDecimal.class, "@Column scale 39", "MariaDB", "scale at most 38");
        } else {
            assertThat(storedAndRead(new FineDecimal(value), FineDecimal::getId, FineDecimal::getAmount)).isEqualTo(value);
        }
    }

    @Test
    void aDecimalOf1001DigitsIsRefusedOnPostgresAndMariaDbBeforeAnyDdlAndHeldByH2() {
        BigDecimal value = new BigDecimal("9".repeat(1001));
        switch (database()) {
            case POSTGRES -> assertSchemaRefused(VastDecimal.class, "@Column precision 1001", "PostgreSQL", "precision at most 1000");
            case MARIADB -> assertSchemaRefused(VastDecimal.class, "@Column precision 1001", "MariaDB", "precision at most 65");
            case H2 -> assertThat(storedAndRead(new VastDecimal(value), VastDecimal::getId, VastDecimal::getAmount)).isEqualTo(value);
        }
    }

    /** create() and update() of the entity's schema fail with RO-1001 naming it and the property; neither sends any DDL. */
    private void assertSchemaRefused(Class<?> entity, String... problem) {
        Orm refused = Orm.builder().entities(entity).driver(driver).build();
        log.clear();
        for (Mono<Void> schema : List.of(SchemaGenerator.of(refused).create(), SchemaGenerator.of(refused).update())) {
            StepVerifier.create(schema)
                    .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(MappingException.class)
                            .hasMessageStartingWith("RO-1001: Invalid mapping of " + entity.getName() + ".amount: ")
                            .hasMessageContainingAll(problem))
                    .verify(TIMEOUT);
        }
        assertThat(log.count("CREATE") + log.count("ALTER")).isZero();
    }

    /** Creates the entity's table, stores the entity, reads its amount back in a new fork and drops the table. */
    private <T> BigDecimal storedAndRead(T entity, Function<T, Long> id, Function<T, BigDecimal> amount) {
        @SuppressWarnings("unchecked")
        Class<T> type = (Class<T>) entity.getClass();
        Orm decimals = Orm.builder().entities(type).driver(driver).build();
        await(SchemaGenerator.of(decimals).recreate());
        try {
            EntityManager em = decimals.fork();
            em.persist(entity);
            await(em.flush());
            return amount.apply(await(decimals.fork().findOne(type, id.apply(entity))));
        } finally {
            await(SchemaGenerator.of(decimals).drop());
        }
    }
}
