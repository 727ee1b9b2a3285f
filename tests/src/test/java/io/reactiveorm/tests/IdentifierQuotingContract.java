package io.reactiveorm.tests;

import io.reactiveorm.EntityManager;
import io.reactiveorm.Orm;
import io.reactiveorm.query.Filter;
import io.reactiveorm.query.LoadStrategy;
import io.reactiveorm.query.Query;
import io.reactiveorm.sql.SchemaGenerator;
import io.reactiveorm.tests.domain.Person;
import io.reactiveorm.tests.naming.CustomerSubscriptionInvoiceLine;
import io.reactiveorm.tests.naming.FkOwner;
import io.reactiveorm.tests.naming.FkUser;
import io.reactiveorm.tests.naming.FkUserAccount;
import io.reactiveorm.tests.naming.QuotedOrder;
import io.reactiveorm.tests.naming.QuotedUser;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Identifiers that are reserved words, mixed case, or hold a quote or a backtick; constraint names; and the statement log. */
abstract class IdentifierQuotingContract extends OrmContract {

    @Override
    List<Class<?>> entities() {
        return List.of(QuotedOrder.class, QuotedUser.class, Person.class);
    }

    @Test
    void everyOperationWorksWithIdentifiersThatNeedQuoting() {
        log.clear();
        await(SchemaGenerator.of(orm).update());
        assertThat(log.count("CREATE") + log.count("ALTER")).as("update on an up-to-date schema").isZero();

        EntityManager em = orm.fork();
        List<QuotedUser> users = new ArrayList<>();
        for (int u = 0; u < 3; u++) {
            users.add(em.persist(new QuotedUser("k'\"`" + u)));
        }
        List<QuotedOrder> orders = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            QuotedOrder order = em.persist(new QuotedOrder("g" + (i % 2), "m%_\\\\" + i, users.get(i % 3)));
            order.getWatchers().add(users.get((i + 1) % 3));
            orders.add(order);
        }
        await(em.flush());
        assertThat(orders).allSatisfy(o -> assertThat(o.getId()).isNotNull());

        orders.get(0).setGroup("changed");
        orders.get(1).getWatchers().add(users.get(0));
        orders.get(2).getWatchers().remove(users.get(0));
        em.remove(orders.get(3));
        await(em.flush());

        EntityManager read = orm.fork();
        assertThat(await(read.count(QuotedOrder.class, Filter.eq("group", "changed")))).isEqualTo(1);
        assertThat(await(read.find(Query.of(QuotedOrder.class).where(Filter.like("mixed", "m\\%\\_%")).orderBy(Query.Order.desc("mixed")))))
                .hasSize(11);
        assertThat(await(read.find(QuotedOrder.class, Filter.eq("user.key", "k'\"`1")))).hasSize(4);
        assertThat(await(read.find(QuotedOrder.class, Filter.eq("watchers.key", "k'\"`0")))).isNotEmpty();
        assertThat(await(read.find(QuotedUser.class, Filter.eq("orders.group", "changed")))).hasSize(1);
        assertThat(await(read.find(QuotedOrder.class, Filter.in("id", List.of(orders.get(4).getId(), orders.get(5).getId()))))).hasSize(2);
        for (LoadStrategy strategy : LoadStrategy.values()) {
            EntityManager p = orm.fork();
            List<QuotedUser> loaded = await(p.find(Query.of(QuotedUser.class).orderBy("key").populate("orders.watchers").strategy(strategy)));
            assertThat(loaded).hasSize(3);
            assertThat(loaded.stream().mapToInt(u -> u.getOrders().size()).sum()).as(strategy.name()).isEqualTo(11);
        }
        EntityManager refs = orm.fork();
        QuotedOrder one = await(refs.findOne(QuotedOrder.class, orders.get(5).getId()));
        assertThat(await(refs.load(one.getUser())).getKey()).isEqualTo("k'\"`2");
        await(refs.populate(one, "watchers"));
        assertThat(one.getWatchers().size()).isEqualTo(1);
        one.setGroup("v2");
        await(refs.flush());
        assertThat(one.getVersion()).isEqualTo(2);
        refs.remove(one);
        await(refs.flush());
        assertThat(await(orm.fork().count(QuotedOrder.class, Filter.all()))).isEqualTo(10);
    }

    /** Two legal mappings whose generated foreign-key names are the same string. */
    @Test
    void schemaGeneratorCreatesTablesWhoseForeignKeyNamesWouldCoincide() {
        Orm clash = Orm.builder().entities(FkOwner.class, FkUser.class, FkUserAccount.class).driver(driver).build();
        await(SchemaGenerator.of(clash).drop());
        try {
            await(SchemaGenerator.of(clash).create());
        } finally {
            await(SchemaGenerator.of(clash).drop());
        }
    }

    /** Property names in order, filters and populate paths are looked up in the metadata, never copied into SQL. */
    @Test
    void propertyNamesFromTheCallerNeverReachTheSql() {
        EntityManager em = orm.fork();
        String[] hostile = {"name; DROP TABLE person", "name\" DESC, (SELECT 1) --", "`name`", "NAME", "user.key\" --"};
        for (String name : hostile) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> em.find(Query.of(Person.class).orderBy(name)))
                    .isInstanceOf(io.reactiveorm.OrmException.class);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> em.find(Person.class, Filter.eq(name, "x")))
                    .isInstanceOf(io.reactiveorm.OrmException.class);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> em.count(QuotedOrder.class, Filter.isNull(name)))
                    .isInstanceOf(io.reactiveorm.OrmException.class);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> em.find(Query.of(QuotedUser.class).populate(name)))
                    .isInstanceOf(io.reactiveorm.OrmException.class);
        }
        assertThat(log.events()).isEmpty();
    }

    /** A table and a column of legal lengths whose generated foreign-key name is longer than 64 characters. */
    @Test
    void schemaGeneratorCreatesAForeignKeyForLongTableAndColumnNames() {
        Orm longNames = Orm.builder().entities(FkOwner.class, CustomerSubscriptionInvoiceLine.class).driver(driver).build();
        await(SchemaGenerator.of(longNames).drop());
        try {
            await(SchemaGenerator.of(longNames).create());
        } finally {
            await(SchemaGenerator.of(longNames).drop());
        }
    }

    /** Statements at INFO carry duration and rows but no parameter; at DEBUG the parameters too. */
    @Test
    void statementLogShowsParametersOnlyAtDebug() throws Exception {
        org.slf4j.Logger sqlLog = LoggerFactory.getLogger("io.reactiveorm.sql");
        Field level = sqlLog.getClass().getDeclaredField("currentLogLevel");
        level.setAccessible(true);
        Object before = level.get(sqlLog);
        PrintStream err = System.err;
        captured = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(captured, true));
            level.set(sqlLog, 20); // INFO
            String info = runStatementsWithSecrets("INFO-SECRET");
            assertThat(info).contains("INSERT").contains(" ms, ").contains(" rows").contains("SELECT").contains("UPDATE")
                    .contains("DELETE").contains("BEGIN").contains("COMMIT").doesNotContain("INFO-SECRET");
            assertThat(info.lines().filter(l -> l.contains("io.reactiveorm.sql")))
                    .allSatisfy(l -> assertThat(l).contains(" INFO ").matches(".*\\[\\d+ ms, \\d+ rows(, failed|, cancelled)?\\].*"));
            captured.reset();
            level.set(sqlLog, 10); // DEBUG
            String debug = runStatementsWithSecrets("DEBUG-SECRET");
            assertThat(debug).contains("DEBUG-SECRET");
        } finally {
            System.setErr(err);
            level.set(sqlLog, before);
        }
    }

    private String runStatementsWithSecrets(String secret) {
        EntityManager em = orm.fork();
        Person p = em.persist(new Person(secret + "-name", secret + "@example.com", 41));
        await(em.flush());
        p.setEmail(secret + "-changed@example.com");
        await(em.flush());
        await(em.find(Person.class, Filter.like("name", secret + "%")));
        await(em.count(Person.class, Filter.in("email", List.of(secret + "-changed@example.com", secret + "x"))));
        EntityManager dup = orm.fork();
        dup.persist(new Person("dup", secret + "-changed@example.com", 1));
        try {
            await(dup.flush());
        } catch (RuntimeException expected) {
            // unique email: the failed INSERT is logged too
        }
        em.remove(p);
        await(em.flush());
        System.err.flush();
        return captured.toString();
    }

    private ByteArrayOutputStream captured;
}
