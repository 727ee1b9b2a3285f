package io.reactiveorm.tests;

import io.reactiveorm.EntityManager;
import io.reactiveorm.Orm;
import io.reactiveorm.sql.SchemaGenerator;
import io.reactiveorm.tests.schema.CounterV1;
import io.reactiveorm.tests.schema.CounterV2;
import io.reactiveorm.tests.schema.TaskV1;
import io.reactiveorm.tests.schema.TaskV2;
import org.junit.jupiter.api.Test;

import java.util.List;

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
}
