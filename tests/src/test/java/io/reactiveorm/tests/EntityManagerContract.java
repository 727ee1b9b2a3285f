package io.reactiveorm.tests;

import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import io.reactiveorm.DatabaseException;
import io.reactiveorm.EntityManager;
import io.reactiveorm.FlushMode;
import io.reactiveorm.OptimisticLockException;
import io.reactiveorm.Orm;
import io.reactiveorm.OrmException;
import io.reactiveorm.query.Filter;
import io.reactiveorm.query.Query;
import io.reactiveorm.spi.Driver;
import io.reactiveorm.spi.DriverConnection;
import io.reactiveorm.sql.R2dbcDriver;
import io.reactiveorm.sql.SchemaGenerator;
import io.reactiveorm.sql.StatementEvent;
import io.reactiveorm.tests.db.TestDatabase;
import io.reactiveorm.tests.domain.Account;
import io.reactiveorm.tests.domain.Document;
import io.reactiveorm.tests.domain.Person;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;
import reactor.util.context.Context;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The unit-of-work semantics, run unchanged against every database: one subclass per database.
 * Statements are counted through a {@link StatementLog} attached to the driver.
 */
abstract class EntityManagerContract extends OrmContract {

    @Override
    List<Class<?>> entities() {
        return List.of(Person.class, Account.class, Document.class);
    }

    private List<Person> persistPeople(int n) {
        EntityManager em = orm.fork();
        List<Person> people = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            people.add(em.persist(new Person("person " + i, "p" + i + "@example.com", 20 + i % 50)));
        }
        await(em.flush());
        log.clear();
        return people;
    }

    private long countPeople() {
        return await(orm.fork().count(Person.class, Filter.all()));
    }

    // batched flush

    @Test
    void flushOfNewEntitiesSendsOneInsertPerBatch() {
        EntityManager em = orm.fork();
        List<Person> people = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            people.add(em.persist(new Person("person " + i, "p" + i + "@example.com", i % 90)));
        }

        await(em.flush());

        assertThat(log.count("INSERT")).isEqualTo(4);
        assertThat(log.count("BEGIN")).isEqualTo(1);
        assertThat(log.count("COMMIT")).isEqualTo(1);
        assertThat(log.size()).isEqualTo(6);
        assertThat(people).allSatisfy(p -> assertThat(p.getId()).isNotNull());
        assertThat(new HashSet<>(people.stream().map(Person::getId).toList())).hasSize(1000);
        assertThat(countPeople()).isEqualTo(1000);
        Person reloaded = await(orm.fork().findOne(Person.class, people.get(999).getId()));
        assertThat(reloaded.getName()).isEqualTo("person 999");
        assertThat(reloaded.getEmail()).isEqualTo("p999@example.com");
        assertThat(reloaded.getCreatedAt()).isEqualTo(people.get(999).getCreatedAt());
    }

    @Test
    void flushOfChangedEntitiesSendsOneUpdatePerBatchWithOnlyTheChangedColumns() {
        persistPeople(1000);
        EntityManager em = orm.fork();
        List<Person> loaded = await(em.find(Person.class, Filter.all()));
        loaded.forEach(p -> p.setAge(p.getAge() + 100));
        log.clear();

        await(em.flush());

        assertThat(log.count("UPDATE")).isEqualTo(4);
        assertThat(log.size()).isEqualTo(6);
        assertThat(log.sql("UPDATE")).allSatisfy(sql -> assertThat(sql).contains("age").doesNotContain("email").doesNotContain("name"));
        assertThat(await(orm.fork().count(Person.class, Filter.gte("age", 100)))).isEqualTo(1000);
    }

    @Test
    void flushOfRemovedEntitiesSendsOneDeletePerBatch() {
        persistPeople(1000);
        EntityManager em = orm.fork();
        List<Person> loaded = await(em.find(Person.class, Filter.all()));
        loaded.forEach(em::remove);
        log.clear();

        await(em.flush());

        assertThat(log.count("DELETE")).isEqualTo(4);
        assertThat(log.size()).isEqualTo(6);
        assertThat(countPeople()).isZero();
        assertThat(em.contains(loaded.get(0))).isFalse();
    }

    @Test
    void flushWithoutChangesOpensNoTransactionAndSendsNothing() {
        persistPeople(10);
        EntityManager em = orm.fork();
        await(em.find(Person.class, Filter.all()));
        log.clear();

        await(em.flush());
        await(em.flush());

        assertThat(log.events()).isEmpty();
    }

    @Test
    void configuredBatchSizeSplitsStatements() {
        Orm small = Orm.builder().entities(Person.class).driver(orm.driver()).batchSize(7).build();
        EntityManager em = small.fork();
        IntStream.range(0, 50).forEach(i -> em.persist(new Person("n" + i, null, i)));

        await(em.flush());

        assertThat(log.count("INSERT")).isEqualTo(8);
    }

    @Test
    void secondFlushAfterChangesWritesOnlyTheNewChanges() {
        EntityManager em = orm.fork();
        Person ann = em.persist(new Person("Ann", "ann@example.com", 30));
        Person bob = em.persist(new Person("Bob", "bob@example.com", 40));
        await(em.flush());
        log.clear();

        bob.setName("Robert");
        await(em.flush());

        assertThat(log.count("UPDATE")).isEqualTo(1);
        assertThat(log.count("INSERT")).isZero();
        assertThat(await(orm.fork().findOne(Person.class, bob.getId())).getName()).isEqualTo("Robert");
        assertThat(await(orm.fork().findOne(Person.class, ann.getId())).getName()).isEqualTo("Ann");
    }

    // identity map

    @Test
    void findOneReturnsTheManagedInstanceWithoutAQuery() {
        Long id = persistPeople(1).get(0).getId();
        EntityManager em = orm.fork();
        Person first = await(em.findOne(Person.class, id));
        log.clear();

        Person second = await(em.findOne(Person.class, id));

        assertThat(second).isSameAs(first);
        assertThat(log.events()).isEmpty();
    }

    @Test
    void queryReturnsManagedInstancesWithoutOverwritingUnflushedChanges() {
        persistPeople(3);
        EntityManager em = orm.fork();
        em.setFlushMode(FlushMode.COMMIT);
        Person first = await(em.find(Query.of(Person.class).orderBy("id"))).get(0);
        first.setName("changed in memory");

        List<Person> again = await(em.find(Query.of(Person.class).orderBy("id")));
        assertThat(again.get(0)).isSameAs(first);
        assertThat(first.getName()).isEqualTo("changed in memory");

        List<Person> refreshed = await(em.find(Query.of(Person.class).orderBy("id").refresh(true)));
        assertThat(refreshed.get(0)).isSameAs(first);
        assertThat(first.getName()).isEqualTo("person 0");
    }

    @Test
    void entitiesRemovedButNotFlushedAreLeftOutOfFindAndFindOneWhetherLoadedOrOnlyReferences() {
        List<Person> people = persistPeople(3);
        EntityManager em = orm.fork();
        em.setFlushMode(FlushMode.COMMIT);
        Person loaded = await(em.findOne(Person.class, people.get(0).getId()));
        em.remove(loaded);
        Person reference = em.getReference(Person.class, people.get(1).getId());
        em.remove(reference);
        log.clear();

        assertThat(await(em.findOne(Person.class, loaded.getId()))).isNull();
        assertThat(await(em.findOne(Person.class, reference.getId()))).isNull();
        assertThat(log.events()).as("both are known removed: no query").isEmpty();
        assertThat(await(em.find(Query.of(Person.class).orderBy("id")))).extracting(Person::getName).containsExactly("person 2");
        assertThat(await(em.find(Query.of(Person.class).orderBy("id").refresh(true)))).extracting(Person::getName)
                .containsExactly("person 2");
        assertThat(await(em.findOne(Person.class, Filter.eq("name", "person 1")))).isNull();
        assertThat(await(em.count(Person.class, Filter.all()))).as("count counts the table").isEqualTo(3);

        await(em.flush());
        assertThat(countPeople()).isEqualTo(1);
    }

    @Test
    void forksHaveTheirOwnIdentityMaps() {
        Long id = persistPeople(1).get(0).getId();
        EntityManager a = orm.fork();
        EntityManager b = a.fork();

        Person fromA = await(a.findOne(Person.class, id));
        Person fromB = await(b.findOne(Person.class, id));

        assertThat(fromA).isNotSameAs(fromB);
        a.clear();
        assertThat(a.contains(fromA)).isFalse();
        assertThat(await(a.findOne(Person.class, id))).isNotSameAs(fromA);
    }

    @Test
    void getReferenceIsUninitializedUntilRefreshed() {
        Long id = persistPeople(1).get(0).getId();
        EntityManager em = orm.fork();

        Person reference = em.getReference(Person.class, id);
        assertThat(log.events()).isEmpty();
        assertThat(em.isInitialized(reference)).isFalse();
        assertThat(reference.getId()).isEqualTo(id);
        assertThat(reference.getName()).isNull();

        assertThat(await(em.refresh(reference))).isSameAs(reference);
        assertThat(em.isInitialized(reference)).isTrue();
        assertThat(reference.getName()).isEqualTo("person 0");
        assertThat(await(em.findOne(Person.class, id))).isSameAs(reference);
    }

    @Test
    void refreshingAPersistedButUnflushedEntitySaysToFlushFirst() {
        EntityManager em = orm.fork();
        Person person = em.persist(new Person("new", "new@example.com", 1));

        assertThatThrownBy(() -> await(em.refresh(person))).isInstanceOf(OrmException.class)
                .hasMessageContaining("RO-3015").hasMessageContaining("Cannot refresh Person (new)")
                .hasMessageContaining("not flushed yet");
        assertThatThrownBy(() -> await(em.refresh(new Person("x", "x@example.com", 2)))).isInstanceOf(OrmException.class)
                .hasMessageContaining("RO-3001");
    }

    @Test
    void removingAReferenceDeletesByIdWithoutLoading() {
        Long id = persistPeople(1).get(0).getId();
        EntityManager em = orm.fork();
        em.remove(em.getReference(Person.class, id));

        await(em.flush());

        assertThat(log.count("SELECT")).isZero();
        assertThat(countPeople()).isZero();
    }

    // queries

    @Test
    void filtersOrderAndPagination() {
        persistPeople(20);
        EntityManager em = orm.fork();
        em.persist(new Person("nobody", null, 99));
        await(em.flush());

        assertThat(names(em, Filter.eq("name", "person 3"))).containsExactly("person 3");
        assertThat(names(em, Filter.and(Filter.gte("age", 35), Filter.lt("age", 37)))).containsExactly("person 15", "person 16");
        assertThat(names(em, Filter.and(Filter.gt("age", 37), Filter.lte("age", 39)))).containsExactly("person 18", "person 19");
        assertThat(names(em, Filter.in("age", List.of(20, 21, 500)))).containsExactly("person 0", "person 1");
        assertThat(names(em, Filter.in("age", List.of()))).isEmpty();
        assertThat(names(em, Filter.like("name", "person 1_"))).hasSize(10);
        assertThat(names(em, Filter.isNull("email"))).containsExactly("nobody");
        assertThat(await(em.count(Person.class, Filter.isNotNull("email")))).isEqualTo(20);
        assertThat(names(em, Filter.or(Filter.eq("age", 20), Filter.eq("name", "nobody")))).containsExactly("person 0", "nobody");
        assertThat(await(em.count(Person.class, Filter.and(Filter.ne("name", "nobody"), Filter.lt("age", 25))))).isEqualTo(5);
        List<String> page = await(em.find(Query.of(Person.class).where(Filter.lt("age", 40))
                .orderBy(Query.Order.desc("age")).limit(3).offset(2))).stream().map(Person::getName).toList();
        assertThat(page).containsExactly("person 17", "person 16", "person 15");
        assertThat(await(em.findOne(Person.class, Filter.eq("email", "p4@example.com"))).getName()).isEqualTo("person 4");
    }

    private List<String> names(EntityManager em, Filter filter) {
        return await(em.find(Query.of(Person.class).where(filter).orderBy("id"))).stream().map(Person::getName).toList();
    }

    @Test
    void valuesThatLookLikeSqlAreBoundNotInlined() {
        EntityManager em = orm.fork();
        em.persist(new Person("x'); DROP TABLE person; --", null, 1));
        await(em.flush());

        assertThat(names(em, Filter.eq("name", "x'); DROP TABLE person; --"))).hasSize(1);
        assertThat(log.events()).allSatisfy(e -> assertThat(e.sql()).doesNotContain("DROP TABLE"));
    }

    /** PostgreSQL takes 65,535 bind parameters in a statement, H2 100,000, MariaDB 65,535 with server-side prepare. */
    @Test
    void anInListBeyondTheBindParameterLimitIsOneArrayOnPostgresAndAClearErrorElsewhere() {
        List<Person> people = persistPeople(3);
        List<Long> ids = new ArrayList<>();
        for (long id = 1_000_000; id < 1_100_000; id++) {
            ids.add(id);
        }
        ids.add(people.get(1).getId());
        EntityManager em = orm.fork();

        if (database() == TestDatabase.POSTGRES) {
            assertThat(names(em, Filter.in("id", ids))).containsExactly("person 1");
            assertThat(await(em.count(Person.class, Filter.and(Filter.in("id", ids), Filter.in("age", List.of(20, 21)))))).isEqualTo(1);
            assertThat(log.sql("SELECT")).allSatisfy(sql -> assertThat(sql).contains("= ANY($1::int8[])"));
        } else {
            int limit = database() == TestDatabase.H2 ? 100_000 : 65_535;
            assertThatThrownBy(() -> em.find(Person.class, Filter.in("id", ids)).blockLast())
                    .isInstanceOf(OrmException.class)
                    .hasMessageContaining("RO-2004")
                    .hasMessageContaining("Person on 'id' (IN) with 100001 values")
                    .hasMessageContaining("at most " + limit + " bind parameters");
            assertThat(log.events()).isEmpty();
            assertThat(names(em, Filter.in("id", ids.subList(ids.size() - limit, ids.size())))).containsExactly("person 1");
        }
    }

    @Test
    void aCharLeftAtItsDefaultIsStoredAsNullAndFoundByEqNeAndIn() {
        EntityManager em = orm.fork();
        em.persist(new Document().setTitle("no grade"));
        em.persist(new Document().setTitle("graded").setGrade('A'));
        await(em.flush());
        EntityManager reader = orm.fork();

        assertThat(titles(reader, Filter.eq("grade", '\0'))).containsExactly("no grade");
        assertThat(titles(reader, Filter.ne("grade", '\0'))).containsExactly("graded");
        assertThat(titles(reader, Filter.in("grade", List.of('\0', 'A')))).containsExactly("graded", "no grade");
        assertThat(titles(reader, Filter.in("grade", List.of('\0')))).containsExactly("no grade");
        assertThatThrownBy(() -> reader.find(Document.class, Filter.gt("grade", '\0')).blockLast())
                .isInstanceOf(OrmException.class)
                .hasMessageContaining("RO-2003")
                .hasMessageContaining("Operator GT on Document.grade was given '\\u0000' (Character), which Document.grade stores as NULL");
    }

    @Test
    void aFloatIsFoundByTheValueItWasStoredWith() {
        EntityManager em = orm.fork();
        em.persist(new Document().setTitle("light").setWeight(0.1f));
        em.persist(new Document().setTitle("heavy").setWeight(2.7f));
        await(em.flush());
        EntityManager reader = orm.fork();

        assertThat(titles(reader, Filter.eq("weight", 0.1f))).containsExactly("light");
        assertThat(titles(reader, Filter.lte("weight", 0.1f))).containsExactly("light");
        assertThat(titles(reader, Filter.gt("weight", 0.1f))).containsExactly("heavy");
        assertThat(titles(reader, Filter.in("weight", List.of(0.1f, 2.7f)))).containsExactly("heavy", "light");
    }

    @Test
    void dateTimesKeepMicrosecondsAndAnOffsetDateTimeComesBackInUtcAndChangesOnlyWithItsInstant() {
        EntityManager em = orm.fork();
        Document document = em.persist(new Document().setTitle("times")
                .setLocalAt(LocalDateTime.of(2026, 12, 31, 23, 59, 59, 999_999_999))
                .setOffsetAt(OffsetDateTime.of(2026, 6, 1, 17, 30, 0, 999_999_999, ZoneOffset.ofHoursMinutes(5, 30))));
        await(em.flush());

        Document read = await(orm.fork().findOne(Document.class, document.getId()));
        assertThat(read.getLocalAt()).as("cut, not rounded to the next day").isEqualTo(LocalDateTime.of(2026, 12, 31, 23, 59, 59, 999_999_000));
        assertThat(read.getOffsetAt()).isEqualTo(OffsetDateTime.of(2026, 6, 1, 12, 0, 0, 999_999_000, ZoneOffset.UTC));

        EntityManager editor = orm.fork();
        Document edited = await(editor.findOne(Document.class, document.getId()));
        edited.setOffsetAt(edited.getOffsetAt().withOffsetSameInstant(ZoneOffset.ofHours(2)));
        log.clear();
        await(editor.flush());
        assertThat(log.events()).as("the same instant in another offset is no change").isEmpty();
    }

    @Test
    void anEnumOrdinalTheEnumDoesNotHaveFailsTheReadNamingEntityPropertyAndValue() {
        EntityManager em = orm.fork();
        em.persist(new Document().setTitle("odd").setPriority(Document.Priority.HIGH));
        await(em.flush());
        sqlUpdate("UPDATE %s SET %s = 7", "document", "priority");

        assertThatThrownBy(() -> await(orm.fork().find(Document.class, Filter.all())))
                .isInstanceOf(OrmException.class)
                .hasMessageContaining("RO-3017")
                .hasMessageContaining("Document.priority: the database holds '7' (Integer), which is no constant of Priority");
    }

    /** MariaDB's text protocol writes a FLOAT with 6 significant digits; every float comes back as stored. */
    @Test
    void floatsWithSevenSignificantDigitsReadBackExactlyAndFindTheirRow() {
        float[] values = {123456.79f, 1.2345678f, 16777215f, Float.MAX_VALUE, 0.10000001f};
        EntityManager em = orm.fork();
        for (float value : values) {
            em.persist(new Document().setTitle(Float.toString(value)).setWeight(value));
        }
        await(em.flush());
        EntityManager reader = orm.fork();

        List<Document> read = await(reader.find(Query.of(Document.class).orderBy("title")));
        assertThat(read).allSatisfy(document -> assertThat(document.getWeight()).isEqualTo(Float.parseFloat(document.getTitle())));
        assertThat(read).allSatisfy(document ->
                assertThat(titles(orm.fork(), Filter.eq("weight", document.getWeight()))).containsExactly(document.getTitle()));
    }

    @Test
    void aLikePatternEndingWithALoneEscapeIsRefusedAndAnEscapedBackslashMatchesOne() {
        EntityManager em = orm.fork();
        em.persist(new Person("c\\", null, 1));
        em.persist(new Person("c", null, 1));
        await(em.flush());
        log.clear();

        assertThatThrownBy(() -> em.find(Person.class, Filter.like("name", "c\\")))
                .isInstanceOf(OrmException.class)
                .hasMessageContaining("RO-2004")
                .hasMessageContaining("The LIKE pattern 'c\\' for Person.name ends with the escape character");
        assertThat(log.events()).isEmpty();
        assertThat(names(em, Filter.like("name", "c\\\\"))).containsExactly("c\\");
        assertThat(names(em, Filter.like("name", "c\\\\%"))).containsExactly("c\\");
    }

    /** queries.md, "What the database still decides": pinned, so that a change in it is noticed and documented. */
    @Test
    void stringEqualityFollowsTheColumnsCollationAndNullsSortAsTheDatabaseSorts() {
        EntityManager em = orm.fork();
        em.persist(new Person("Ann", "a@example.com", 1));
        em.persist(new Person("ann", "b@example.com", 2));
        em.persist(new Person("Bob", null, 3));
        await(em.flush());
        boolean mariaDb = database() == TestDatabase.MARIADB;

        assertThat(names(em, Filter.eq("name", "ann"))).isEqualTo(mariaDb ? List.of("Ann", "ann") : List.of("ann"));
        assertThat(names(em, Filter.eq("name", "Ann "))).isEqualTo(mariaDb ? List.of("Ann", "ann") : List.of());
        assertThat(await(em.find(Query.of(Person.class).orderBy("email")))).extracting(Person::getName)
                .isEqualTo(database() == TestDatabase.POSTGRES ? List.of("Ann", "ann", "Bob") : List.of("Bob", "Ann", "ann"));
    }

    private List<String> titles(EntityManager em, Filter filter) {
        return await(em.find(Query.of(Document.class).where(filter).orderBy("title"))).stream().map(Document::getTitle).toList();
    }

    // flush modes

    @Test
    void autoFlushWritesPendingChangesBeforeAQueryOnTheSameType() {
        EntityManager em = orm.fork();
        em.persist(new Person("Auto", null, 1));

        assertThat(await(em.count(Person.class, Filter.all()))).isEqualTo(1);
        assertThat(log.count("INSERT")).isEqualTo(1);

        log.clear();
        em.persist(new Person("Other", null, 2));
        await(em.count(Account.class, Filter.all()));
        assertThat(log.count("INSERT")).as("pending Person does not touch Account").isZero();
    }

    @Test
    void commitFlushModeNeverFlushesBeforeQueriesAndAlwaysDoes() {
        EntityManager commit = orm.fork();
        commit.setFlushMode(FlushMode.COMMIT);
        commit.persist(new Person("Commit", null, 1));
        assertThat(await(commit.count(Person.class, Filter.all()))).isZero();

        EntityManager always = orm.fork();
        always.setFlushMode(FlushMode.ALWAYS);
        always.persist(new Person("Always", null, 1));
        assertThat(await(always.count(Account.class, Filter.all()))).isZero();
        assertThat(countPeople()).isEqualTo(1);
    }

    // ids and versions

    @Test
    void sequenceIdsComeFromPooledBlocksInOneStatement() {
        EntityManager em = orm.fork();
        List<Account> accounts = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            accounts.add(em.persist(new Account("owner " + i, BigDecimal.valueOf(i))));
        }

        await(em.flush());

        assertThat(log.count("INSERT")).isEqualTo(1);
        assertThat(log.size()).as("BEGIN, one sequence query for ceil(120 / 50) = 3 blocks, INSERT, COMMIT").isEqualTo(4);
        assertThat(new HashSet<>(accounts.stream().map(Account::getId).toList())).hasSize(120).doesNotContainNull();
        assertThat(accounts).allSatisfy(a -> assertThat(a.getVersion()).isEqualTo(1));

        log.clear();
        EntityManager next = orm.fork();
        Account more = next.persist(new Account("one more", BigDecimal.ONE));
        await(next.flush());
        assertThat(log.size()).as("the rest of the last block is used first: BEGIN, INSERT, COMMIT").isEqualTo(3);
        assertThat(accounts.stream().map(Account::getId)).doesNotContain(more.getId());
    }

    @Test
    void concurrentUpdateOfAVersionedEntityFailsTheFlushAndLeavesTheUnitOfWorkAsItWas() {
        EntityManager setup = orm.fork();
        Account account = setup.persist(new Account("Ann", new BigDecimal("10.00")));
        Account other = setup.persist(new Account("Bob", new BigDecimal("20.00")));
        await(setup.flush());

        EntityManager first = orm.fork();
        EntityManager second = orm.fork();
        Account a1 = await(first.findOne(Account.class, account.getId()));
        Account a2 = await(second.findOne(Account.class, account.getId()));
        Account b2 = await(second.findOne(Account.class, other.getId()));
        a1.setBalance(new BigDecimal("11.00"));
        await(first.flush());
        assertThat(a1.getVersion()).isEqualTo(2);

        a2.setBalance(new BigDecimal("12.00"));
        b2.setBalance(new BigDecimal("21.00"));
        StepVerifier.create(second.flush())
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(OptimisticLockException.class).hasMessageContaining("Account")
                            .hasMessageContaining(String.valueOf(account.getId()));
                    assertThat(((OptimisticLockException) e).ids()).containsExactly(account.getId());
                })
                .verify(TIMEOUT);

        assertThat(a2.getVersion()).isEqualTo(1);
        assertThat(await(orm.fork().findOne(Account.class, other.getId())).getBalance()).isEqualByComparingTo("20.00");
        assertThat(await(orm.fork().findOne(Account.class, account.getId())).getBalance()).isEqualByComparingTo("11.00");

        await(second.refresh(a2));
        a2.setBalance(new BigDecimal("12.00"));
        await(second.flush());
        assertThat(await(orm.fork().findOne(Account.class, account.getId())).getBalance()).isEqualByComparingTo("12.00");
        assertThat(await(orm.fork().findOne(Account.class, other.getId())).getBalance()).isEqualByComparingTo("21.00");
    }

    @Test
    void deleteOfAStaleVersionFails() {
        EntityManager setup = orm.fork();
        Account account = setup.persist(new Account("Ann", BigDecimal.TEN));
        await(setup.flush());
        EntityManager stale = orm.fork();
        Account old = await(stale.findOne(Account.class, account.getId()));
        account.setOwner("Ann B.");
        await(setup.flush());

        stale.remove(old);
        log.clear();
        StepVerifier.create(stale.flush()).expectError(OptimisticLockException.class).verify(TIMEOUT);
        assertThat(log.count("DELETE")).isEqualTo(1);
        assertThat(log.count("SELECT")).as("one query names the stale rows: %s", log.events()).isEqualTo(1);
        assertThat(await(orm.fork().count(Account.class, Filter.all()))).isEqualTo(1);
    }

    @Test
    void everySupportedTypeRoundTrips() {
        byte[] bytes = {1, 2, 3, 127, -128};
        EntityManager em = orm.fork();
        Document doc = em.persist(new Document().setTitle("types").setContent(bytes).setDay(LocalDate.of(2026, 2, 28))
                .setLocalAt(LocalDateTime.of(2026, 3, 1, 12, 30, 45, 123_456_000))
                .setOffsetAt(OffsetDateTime.of(2026, 3, 1, 12, 0, 0, 0, ZoneOffset.ofHours(2)))
                .setFlag(true).setSmall((short) 7).setRatio(0.25).setWeight(1.5f).setGrade('B').setLevel((byte) -3)
                .setPriority(Document.Priority.HIGH));
        await(em.flush());
        assertThat(doc.getId()).isNotNull();
        assertThat(doc.getId().version()).isEqualTo(7);

        Document loaded = await(orm.fork().findOne(Document.class, doc.getId()));
        assertThat(loaded.getTitle()).isEqualTo("types");
        assertThat(loaded.getContent()).containsExactly(bytes);
        assertThat(loaded.getDay()).isEqualTo(LocalDate.of(2026, 2, 28));
        assertThat(loaded.getLocalAt()).isEqualTo(LocalDateTime.of(2026, 3, 1, 12, 30, 45, 123_456_000));
        assertThat(loaded.getOffsetAt().toInstant()).isEqualTo(doc.getOffsetAt().toInstant());
        assertThat(loaded.getFlag()).isTrue();
        assertThat(loaded.getSmall()).isEqualTo((short) 7);
        assertThat(loaded.getRatio()).isEqualTo(0.25);
        assertThat(loaded.getWeight()).isEqualTo(1.5f);
        assertThat(loaded.getGrade()).isEqualTo('B');
        assertThat(loaded.getLevel()).isEqualTo((byte) -3);
        assertThat(loaded.getPriority()).isEqualTo(Document.Priority.HIGH);

        assertThat(await(orm.fork().find(Document.class, Filter.eq("priority", Document.Priority.HIGH)))).hasSize(1);
        assertThat(await(orm.fork().find(Document.class, Filter.eq("id", doc.getId())))).hasSize(1);
    }

    @Test
    void loadedEntitiesAreNotDirty() {
        EntityManager em = orm.fork();
        em.persist(new Document().setTitle("clean").setContent(new byte[] {9}).setOffsetAt(OffsetDateTime.now(ZoneOffset.ofHours(5))));
        em.persist(new Account("Zed", new BigDecimal("1.5")));
        await(em.flush());
        EntityManager other = orm.fork();
        await(other.find(Document.class, Filter.all()));
        await(other.find(Account.class, Filter.all()));
        log.clear();

        await(other.flush());

        assertThat(log.events()).isEmpty();
    }

    @Test
    void aDecimalColumnGivenOnlyAScaleKeepsThatManyDecimals() {
        EntityManager em = orm.fork();
        Account account = new Account("Ann", new BigDecimal("10"));
        account.setInterestRate(new BigDecimal("0.1234"));
        em.persist(account);
        await(em.flush());

        assertThat(sqlCount("SELECT COUNT(*) FROM %s WHERE %s = 0.1234", "account", "interest_rate")).isEqualTo(1);
        EntityManager other = orm.fork();
        Account loaded = await(other.findOne(Account.class, account.getId()));
        assertThat(loaded.getInterestRate()).isEqualByComparingTo("0.1234");

        loaded.setInterestRate(new BigDecimal("0.5678"));
        await(other.flush());

        assertThat(sqlCount("SELECT COUNT(*) FROM %s WHERE %s = 0.5678", "account", "interest_rate")).isEqualTo(1);
    }

    @Test
    void aByteArrayChangedInPlaceOnALoadedEntityIsWrittenByEachFlush() {
        EntityManager em = orm.fork();
        Document doc = em.persist(new Document().setTitle("bytes").setContent(new byte[] {1, 2, 3}));
        await(em.flush());
        EntityManager other = orm.fork();
        Document loaded = await(other.findOne(Document.class, doc.getId()));

        changeInPlaceIsWritten(other, loaded, 0, 9, 9, 2, 3);
        assertThat(log.sql("UPDATE")).allSatisfy(sql -> assertThat(sql).contains("content").doesNotContain("doc_title"));
        changeInPlaceIsWritten(other, loaded, 1, 8, 9, 8, 3);
        await(other.refresh(loaded));
        changeInPlaceIsWritten(other, loaded, 2, 7, 9, 8, 7);
    }

    @Test
    void aByteArrayChangedInPlaceAfterItsInsertIsWrittenByTheNextFlush() {
        EntityManager em = orm.fork();
        Document doc = em.persist(new Document().setTitle("bytes").setContent(new byte[] {1, 2, 3}));
        await(em.flush());

        changeInPlaceIsWritten(em, doc, 0, 9, 9, 2, 3);
    }

    /** Sets one byte of the document's content in place, flushes {@code em}: one UPDATE, and the row holds {@code expected}. */
    private void changeInPlaceIsWritten(EntityManager em, Document doc, int index, int value, int... expected) {
        log.clear();
        doc.getContent()[index] = (byte) value;
        await(em.flush());

        assertThat(log.count("UPDATE")).isEqualTo(1);
        assertThat(await(orm.fork().findOne(Document.class, doc.getId())).getContent()).containsExactly(expected);
    }

    @Test
    void aByteArrayLeftAsItWasOrReplacedByAnEqualOneSendsNoUpdate() {
        EntityManager em = orm.fork();
        Document doc = em.persist(new Document().setTitle("bytes").setContent(new byte[] {1, 2, 3}));
        await(em.flush());
        EntityManager other = orm.fork();
        Document loaded = await(other.findOne(Document.class, doc.getId()));
        log.clear();

        await(em.flush());
        doc.setContent(new byte[] {1, 2, 3});
        loaded.setContent(new byte[] {1, 2, 3});
        await(em.flush());
        await(other.flush());

        assertThat(log.events()).isEmpty();
    }

    /** Nothing references Person, so its deletes run first and free the unique email for the new row. */
    @Test
    void aRemovedRowsUniqueValueCanBeTakenByANewRowInTheSameFlush() {
        List<Person> people = persistPeople(2);
        EntityManager em = orm.fork();
        em.remove(em.getReference(Person.class, people.get(0).getId()));
        Person successor = em.persist(new Person("successor", "p0@example.com", 30));

        await(em.flush());

        assertThat(log.events()).extracting(StatementEvent::verb).containsSubsequence("DELETE", "INSERT");
        assertThat(await(orm.fork().findOne(Person.class, Filter.eq("email", "p0@example.com"))).getId())
                .isEqualTo(successor.getId());
        assertThat(countPeople()).isEqualTo(2);
    }

    // failures leave everything as it was

    @Test
    void failedFlushRollsBackAndCanBeRetriedAfterFixingTheData() {
        persistPeople(1);
        EntityManager em = orm.fork();
        List<Person> batch = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            batch.add(em.persist(new Person("new " + i, "new" + i + "@example.com", i)));
        }
        Person duplicate = em.persist(new Person("dup", "p0@example.com", 1));

        StepVerifier.create(em.flush())
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(DatabaseException.class)
                        .hasMessageContaining("INSERT of Person failed")
                        .satisfies(d -> assertThat(((DatabaseException) d).sqlState()).isNotBlank()))
                .verify(TIMEOUT);

        assertThat(countPeople()).isEqualTo(1);
        assertThat(batch).allSatisfy(p -> assertThat(p.getId()).isNull());
        duplicate.setEmail("unique@example.com");
        await(em.flush());
        assertThat(countPeople()).isEqualTo(7);
        assertThat(batch).allSatisfy(p -> assertThat(p.getId()).isNotNull());
    }

    @Test
    void aStringTooLongForItsColumnFailsTheUpdateAsItFailsTheInsertAndLeavesTheRow() {
        String tooLong = "x".repeat(81);
        EntityManager inserting = orm.fork();
        inserting.persist(new Document().setTitle(tooLong));
        StepVerifier.create(inserting.flush())
                .expectErrorSatisfies(e -> assertStringTooLong(e, "INSERT of Document failed"))
                .verify(TIMEOUT);
        EntityManager setup = orm.fork();
        Document document = setup.persist(new Document().setTitle("first"));
        await(setup.flush());
        EntityManager em = orm.fork();
        await(em.findOne(Document.class, document.getId())).setTitle(tooLong);

        StepVerifier.create(em.flush())
                .expectErrorSatisfies(e -> assertStringTooLong(e, "UPDATE of Document failed"))
                .verify(TIMEOUT);

        assertThat(await(orm.fork().findOne(Document.class, document.getId())).getTitle()).isEqualTo("first");
    }

    /**
     * SQL state 22001 where the driver reports it. MariaDB sends 22001 too, but r2dbc-mysql keeps only the
     * states it classifies (23, 40, 42), so there the error is named by MariaDB's error number, 1406.
     */
    private void assertStringTooLong(Throwable e, String failed) {
        assertThat(e).isInstanceOf(DatabaseException.class).hasMessageContaining("too long");
        DatabaseException error = (DatabaseException) e;
        assertThat(error.code()).isEqualTo("RO-4001");
        switch (database()) {
            case POSTGRES -> {
                assertThat(error).hasMessageContaining(failed + " [SQL state 22001]: ");
                assertThat(error.sqlState()).isEqualTo("22001");
                assertThat(error.vendorCode()).isZero();
            }
            case H2 -> {
                assertThat(error).hasMessageContaining(failed + " [SQL state 22001, vendor code 22001]: ");
                assertThat(error.sqlState()).isEqualTo("22001");
                assertThat(error.vendorCode()).isEqualTo(22001);
            }
            case MARIADB -> {
                assertThat(error).hasMessageContaining(failed + " [vendor code 1406, no SQL state]: ");
                assertThat(error.sqlState()).isNull();
                assertThat(error.vendorCode()).isEqualTo(1406);
            }
        }
    }

    @Test
    void decimalsRoundToTheColumnScaleAndTooManyDigitsFailOnUpdateAsOnInsert() {
        BigDecimal tooManyDigits = BigDecimal.TEN.pow(36); // 37 integer digits; NUMERIC(38, 2) holds 36
        EntityManager inserting = orm.fork();
        inserting.persist(new Account("Ann", tooManyDigits));
        StepVerifier.create(inserting.flush()).expectError(DatabaseException.class).verify(TIMEOUT);
        EntityManager setup = orm.fork();
        Account account = setup.persist(new Account("Bob", new BigDecimal("1.235")));
        await(setup.flush());
        assertThat(await(orm.fork().findOne(Account.class, account.getId())).getBalance()).isEqualByComparingTo("1.24");
        EntityManager em = orm.fork();
        Account loaded = await(em.findOne(Account.class, account.getId()));

        loaded.setBalance(new BigDecimal("2.345"));
        await(em.flush());
        loaded.setBalance(tooManyDigits);

        StepVerifier.create(em.flush())
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(DatabaseException.class).hasMessageContaining("UPDATE of Account failed"))
                .verify(TIMEOUT);
        assertThat(await(orm.fork().findOne(Account.class, account.getId())).getBalance()).isEqualByComparingTo("2.35");
    }

    @Test
    void aDecimalWithANegativeScaleIsStoredAndFoundOnEveryDatabase() {
        BigDecimal thousand = new BigDecimal("1000").stripTrailingZeros(); // 1E+3: unscaled 1, scale -3
        EntityManager inserting = orm.fork();
        Account ann = inserting.persist(new Account("Ann", thousand));
        Account bob = inserting.persist(new Account("Bob", BigDecimal.ONE));
        await(inserting.flush());
        EntityManager updating = orm.fork();
        await(updating.findOne(Account.class, bob.getId())).setBalance(new BigDecimal("2E+3"));
        await(updating.flush());

        EntityManager reading = orm.fork();
        assertThat(await(reading.findOne(Account.class, ann.getId())).getBalance()).isEqualByComparingTo("1000");
        assertThat(await(reading.findOne(Account.class, bob.getId())).getBalance()).isEqualByComparingTo("2000");
        assertThat(await(reading.find(Query.of(Account.class).where(Filter.gte("balance", new BigDecimal("1.5E+3"))))))
                .extracting(Account::getOwner).containsExactly("Bob");
    }

    @Test
    void nanAndInfinitiesAreStoredWhereTheDatabaseCanAndRefusedNamingThePropertyOnMariaDb() {
        EntityManager em = orm.fork();
        Document document = em.persist(new Document().setTitle("odd").setRatio(Double.NaN).setWeight(Float.NEGATIVE_INFINITY));

        if (database() == TestDatabase.MARIADB) {
            assertThatThrownBy(() -> await(em.flush()))
                    .isInstanceOf(OrmException.class)
                    .hasMessageContaining("RO-2004")
                    .hasMessageContaining("Cannot write NaN to Document.ratio: MariaDB stores no NaN or infinite numbers");
            assertThat(sqlCount("SELECT COUNT(*) FROM %s", "document")).isZero();
            return;
        }
        await(em.flush());
        Document read = await(orm.fork().findOne(Document.class, document.getId()));
        assertThat(read.getRatio()).isNaN();
        assertThat(read.getWeight()).isEqualTo(Float.NEGATIVE_INFINITY);
    }

    /** MariaDB read a decimal in exponent form as a DOUBLE literal and kept about 17 of its digits. */
    @Test
    void aDecimalInExponentFormKeepsEveryDigitThroughInsertAndUpdate() {
        BigDecimal large = new BigDecimal("123456789012345678901234567E+1");
        EntityManager inserting = orm.fork();
        Account ann = inserting.persist(new Account("Ann", large));
        Account bob = inserting.persist(new Account("Bob", BigDecimal.ONE));
        await(inserting.flush());
        EntityManager updating = orm.fork();
        await(updating.findOne(Account.class, bob.getId())).setBalance(large.negate());
        await(updating.flush());

        EntityManager reading = orm.fork();
        assertThat(await(reading.findOne(Account.class, ann.getId())).getBalance()).isEqualByComparingTo("1234567890123456789012345670");
        assertThat(await(reading.findOne(Account.class, bob.getId())).getBalance()).isEqualByComparingTo("-1234567890123456789012345670");
    }

    @Test
    void failedUpdateInTheSecondBatchRollsBackTheFirst() {
        List<Person> people = persistPeople(400);
        EntityManager em = orm.fork();
        List<Person> loaded = await(em.find(Query.of(Person.class).orderBy("id")));
        loaded.forEach(p -> p.setName("renamed"));
        loaded.get(350).setEmail(people.get(0).getEmail());

        StepVerifier.create(em.flush()).expectError(DatabaseException.class).verify(TIMEOUT);

        assertThat(await(orm.fork().count(Person.class, Filter.eq("name", "renamed")))).isZero();
        loaded.get(350).setEmail("fixed@example.com");
        await(em.flush());
        assertThat(await(orm.fork().count(Person.class, Filter.eq("name", "renamed")))).isEqualTo(400);
    }

    @Test
    void failedInsertInAMiddleBatchRollsBackTheOthersAndTheRetryWritesAll() {
        List<Person> existing = persistPeople(1);
        EntityManager em = orm.fork();
        List<Person> people = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            people.add(em.persist(new Person("new " + i, "new" + i + "@example.com", i % 90)));
        }
        people.get(650).setEmail(existing.get(0).getEmail());

        StepVerifier.create(em.flush())
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(DatabaseException.class)
                        .hasMessageContaining("INSERT of Person failed"))
                .verify(TIMEOUT);

        assertThat(countPeople()).isEqualTo(1);
        assertThat(people).allSatisfy(p -> assertThat(p.getId()).isNull());
        assertThat(log.count("ROLLBACK")).isEqualTo(1);
        people.get(650).setEmail("fixed@example.com");
        log.clear();
        await(em.flush());
        assertThat(log.count("INSERT")).isEqualTo(4);
        assertThat(countPeople()).isEqualTo(1001);
        assertThat(new HashSet<>(people.stream().map(Person::getId).toList())).hasSize(1000);
    }

    @Test
    void aStaleVersionInAMiddleBatchIsNamedAndNothingIsWritten() {
        EntityManager setup = orm.fork();
        List<Account> accounts = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            accounts.add(setup.persist(new Account("owner " + i, BigDecimal.ONE)));
        }
        await(setup.flush());
        EntityManager em = orm.fork();
        List<Account> loaded = await(em.find(Query.of(Account.class).orderBy("id")));
        EntityManager other = orm.fork();
        Account concurrent = await(other.findOne(Account.class, loaded.get(500).getId()));
        concurrent.setOwner("someone else");
        await(other.flush());
        loaded.forEach(a -> a.setBalance(BigDecimal.TEN));

        StepVerifier.create(em.flush())
                .expectErrorSatisfies(e -> assertThat(((OptimisticLockException) e).ids()).containsExactly(concurrent.getId()))
                .verify(TIMEOUT);

        assertThat(await(orm.fork().count(Account.class, Filter.eq("balance", BigDecimal.TEN)))).isZero();
        assertThat(loaded.get(0).getVersion()).isEqualTo(1);
    }

    /**
     * A connection that cannot be opened is RO-4002 naming the database's SQL state, and transient unless
     * the driver says the failure lasts. PostgreSQL: an unknown user (28000), lasting. H2: an in-memory
     * database that does not exist (90146), lasting; not a wrong login, after which H2 delays the next
     * good login with a sleep, on whatever pool thread opens it. MariaDB: a port nothing listens on (no
     * state), transient; its embedded server runs without grant tables and refuses no login.
     */
    @Test
    void aConnectionThatCannotBeOpenedFailsWithTheDatabasesStateAndWhetherItIsTransient() throws IOException {
        ConnectionFactory failing = switch (database()) {
            case MARIADB -> database().connectionFactoryWith(ConnectionFactoryOptions.PORT, unusedPort());
            case H2 -> database().connectionFactoryWith(ConnectionFactoryOptions.DATABASE, "nowhere_here;IFEXISTS=TRUE");
            case POSTGRES -> database().connectionFactoryWith(ConnectionFactoryOptions.USER, "nobody_here");
        };
        String state = switch (database()) {
            case MARIADB -> null;
            case H2 -> "90146";
            case POSTGRES -> "28000";
        };
        Orm unreachable = Orm.builder().entities(Person.class).driver(R2dbcDriver.create(failing)).build();

        StepVerifier.create(unreachable.fork().count(Person.class, Filter.all()))
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(DatabaseException.class).hasMessageStartingWith("RO-4002: Opening a connection failed"
                            + (state == null ? ": " : " [SQL state " + state));
                    DatabaseException failure = (DatabaseException) e;
                    assertThat(failure.sqlState()).isEqualTo(state);
                    assertThat(failure.isTransient()).isEqualTo(state == null);
                    assertThat(e.getMessage().endsWith("(transient: retrying may succeed)")).isEqualTo(state == null);
                })
                .verify(TIMEOUT);
    }

    private static int unusedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void flushOnAClosedPoolFailsAndKeepsThePendingChanges() {
        io.r2dbc.pool.ConnectionPool closed = new io.r2dbc.pool.ConnectionPool(
                io.r2dbc.pool.ConnectionPoolConfiguration.builder(((io.r2dbc.pool.ConnectionPool) database().connectionFactory()).unwrap()).build());
        await(closed.close());
        Orm broken = Orm.builder().entities(Person.class).driver(R2dbcDriver.create(closed)).build();
        EntityManager em = broken.fork();
        Person person = em.persist(new Person("Pending", null, 1));

        StepVerifier.create(em.flush())
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(DatabaseException.class).hasMessageContaining("RO-4002"))
                .verify(TIMEOUT);

        assertThat(em.contains(person)).isTrue();
        assertThat(person.getId()).isNull();
    }

    /**
     * Cancels reads of 3,000 rows after 1, 10 and 1,000 of them, each in a fork whose next query then
     * runs at once, as do a count and a lookup in fresh forks on the pool's most recent connection,
     * the one that still had rows of the cancelled read coming: each query sees its own rows only, and
     * no connection stays acquired.
     */
    @Test
    void aReadCancelledMidStreamLeavesItsConnectionCleanForTheNextQueries() {
        EntityManager writer = orm.fork();
        IntStream.range(0, 3000).forEach(i -> writer.persist(new Person("m" + i, null, i)));
        await(writer.flush());

        for (int taken : new int[] {1, 10, 1000}) {
            EntityManager em = orm.fork();
            List<Person> first = await(em.find(Person.class, Filter.all()).take(taken).collectList());

            assertThat(first).as("rows read before the cancel").hasSize(taken);
            assertThat(await(em.count(Person.class, Filter.gte("age", 2990)))).as("count after taking %d", taken).isEqualTo(10);
            assertThat(await(orm.fork().count(Person.class, Filter.all()))).isEqualTo(3000);
            assertThat(names(orm.fork(), Filter.eq("name", "m1234"))).containsExactly("m1234");
            awaitReleased(taken);
        }
    }

    /**
     * Cancels flushes of 3,000 rows (10 batches) at 16 points from 0 to 15 ms in: each one either
     * committed all rows or none, and left no connection behind in a transaction (a count through the
     * pool would see a half-written transaction's rows). On PostgreSQL a cancelled INSERT could run
     * after the ROLLBACK sent at the cancel and commit its 300 rows.
     */
    @Test
    void cancellingAFlushAtAnyPointWritesAllOrNothingAndReleasesTheConnection() {
        for (int delay = 0; delay < 16; delay++) {
            EntityManager em = orm.fork();
            IntStream.range(0, 3000).forEach(i -> em.persist(new Person("c" + i, null, i)));

            StepVerifier.create(em.flush()).thenAwait(Duration.ofMillis(delay)).thenCancel().verify(TIMEOUT);

            awaitReleased(delay);
            long rows = countPeople();
            assertThat(rows).as("rows after a cancel at %d ms", delay).isIn(0L, 3000L);
            if (rows == 0) {
                await(em.flush());
                assertThat(countPeople()).isEqualTo(3000);
            }
            removeAllPeople();
        }
    }

    /**
     * Cancels a flush of 1,000 rows (BEGIN, 4 INSERTs, COMMIT) as each of its statements finishes, and
     * starts a second flush right there, inside the cancel, while the cancelled transaction is still
     * settling. The second flush waits for it: after a rollback it writes every row, after the COMMIT
     * (whose rows are already written; the unit of work learns so only after the cancel) it has nothing
     * left to write. Either way each entity is written once, by one COMMIT.
     */
    @Test
    void aFlushStartedWhileACancelledFlushSettlesWaitsForItAndWritesEveryEntityOnce() {
        for (int statement = 1; statement <= 6; statement++) {
            EntityManager em = orm.fork();
            List<Person> people = new ArrayList<>();
            IntStream.range(0, 1000).forEach(i -> people.add(em.persist(new Person("r" + i, null, i))));
            Sinks.Empty<Void> cancel = Sinks.empty();
            log.clear();
            log.afterStatements(statement, cancel::tryEmitEmpty);

            await(em.flush().takeUntilOther(cancel.asMono()).then(em.flush()));

            assertWrittenOnce(people, statement);
        }
    }

    /**
     * Any operation waits, not only a flush: a count started inside the cancel of a flush whose COMMIT
     * has just finished sees the unit of work updated, so its auto-flush writes nothing again.
     */
    @Test
    void aQueryStartedWhileACancelledFlushSettlesWaitsForItAndAutoFlushesNothingTwice() {
        EntityManager em = orm.fork();
        List<Person> people = new ArrayList<>();
        IntStream.range(0, 1000).forEach(i -> people.add(em.persist(new Person("q" + i, null, i))));
        Sinks.Empty<Void> cancel = Sinks.empty();
        log.afterStatements(6, cancel::tryEmitEmpty);

        long counted = await(em.flush().takeUntilOther(cancel.asMono()).then(em.count(Person.class, Filter.all())));

        assertThat(counted).isEqualTo(1000);
        assertThat(log.count("INSERT")).isEqualTo(4);
        assertWrittenOnce(people, 6);
    }

    /**
     * Times out flushes of 3,000 rows (10 batches) at 8 points from 0 to 14 ms in and retries at once
     * from the timeout, as an application would: each entity is written once, by one COMMIT.
     */
    @Test
    void aFlushRetriedAfterATimeoutAtAnyPointWritesEveryEntityOnce() {
        for (int delay = 0; delay < 16; delay += 2) {
            EntityManager em = orm.fork();
            List<Person> people = new ArrayList<>();
            IntStream.range(0, 3000).forEach(i -> people.add(em.persist(new Person("t" + i, null, i))));
            log.clear();

            await(em.flush().timeout(Duration.ofMillis(delay)).onErrorResume(TimeoutException.class, e -> em.flush()));

            assertWrittenOnce(people, delay);
        }
    }

    /**
     * The same inside a transaction, where a flush writes under a savepoint: cancelled as each of its
     * statements finishes (SAVEPOINT, 4 INSERTs, RELEASE), flushed again inside the cancel, then committed.
     */
    @Test
    void aFlushInATransactionStartedWhileACancelledOneSettlesWaitsForItAndWritesEveryEntityOnce() {
        for (int statement = 1; statement <= 6; statement++) {
            List<Person> people = new ArrayList<>();
            Sinks.Empty<Void> cancel = Sinks.empty();
            log.clear();
            int cancelAt = statement;
            await(orm.fork().transactional(tx -> {
                IntStream.range(0, 1000).forEach(i -> people.add(tx.persist(new Person("s" + i, null, i))));
                log.afterStatements(cancelAt, cancel::tryEmitEmpty);
                return tx.flush().takeUntilOther(cancel.asMono()).then(tx.flush());
            }));

            assertWrittenOnce(people, statement);
        }
    }

    /** Each of {@code people} has its own row, written by one COMMIT; no connection is left behind. Then removes them. */
    private void assertWrittenOnce(List<Person> people, int cancelledAt) {
        awaitReleased(cancelledAt);
        assertThat(log.count("COMMIT")).as("COMMITs after a cancel at %d", cancelledAt).isEqualTo(1);
        assertThat(countPeople()).as("rows after a cancel at %d", cancelledAt).isEqualTo(people.size());
        assertThat(new HashSet<>(people.stream().map(Person::getId).toList())).doesNotContainNull().hasSize(people.size());
        removeAllPeople();
    }

    private void removeAllPeople() {
        await(orm.fork().transactional(tx -> tx.find(Person.class, Filter.all()).doOnNext(tx::remove).then()));
    }

    /** A cancelled flush lets the writes it sent finish before it rolls back: the connection comes back soon after. */
    private void awaitReleased(int cancelledAt) {
        Polling.awaitTrue(() -> database().acquiredConnections() == 0, Duration.ofSeconds(10));
        assertThat(database().acquiredConnections()).as("connections acquired 10 s after the cancel at %d", cancelledAt).isZero();
    }

    // transactions

    @Test
    void transactionalFlushesAndCommitsOnSuccess() {
        EntityManager em = orm.fork();
        Long id = await(em.transactional(tx -> {
            Person p = tx.persist(new Person("Tx", null, 1));
            return tx.flush().then(Mono.fromSupplier(p::getId));
        }));
        Person late = em.persist(new Person("Late", null, 2));
        await(em.transactional(tx -> Mono.empty()));

        assertThat(id).isNotNull();
        assertThat(late.getId()).isNotNull();
        assertThat(countPeople()).isEqualTo(2);
        assertThat(log.count("BEGIN")).isEqualTo(2);
        assertThat(log.count("COMMIT")).isEqualTo(2);
    }

    @Test
    void transactionalRollsBackOnError() {
        EntityManager em = orm.fork();
        Mono<Object> failing = em.transactional(tx -> {
            tx.persist(new Person("Lost", null, 1));
            return tx.flush().then(Mono.error(new IllegalStateException("boom")));
        });

        StepVerifier.create(failing).expectErrorMessage("boom").verify(TIMEOUT);

        assertThat(countPeople()).isZero();
        assertThat(log.count("ROLLBACK")).isEqualTo(1);
    }

    @Test
    void cancellingATransactionRollsBackWhatItFlushedAndReleasesTheConnection() {
        EntityManager em = orm.fork();
        Sinks.Empty<Void> flushed = Sinks.empty();
        Disposable running = em.transactional(tx -> {
            IntStream.range(0, 1000).forEach(i -> tx.persist(new Person("t" + i, null, i)));
            return tx.flush().doOnSuccess(done -> flushed.tryEmitEmpty()).then(Mono.never());
        }).subscribe();
        await(flushed.asMono());

        running.dispose();

        awaitReleased(0);
        assertThat(countPeople()).isZero();
        assertThat(log.count("INSERT")).isEqualTo(4);
        assertThat(log.count("ROLLBACK")).isEqualTo(1);
        assertThat(log.count("COMMIT")).isZero();
    }

    @Test
    void nestedTransactionalRollsBackToItsSavepointOnly() {
        EntityManager em = orm.fork();
        await(em.transactional(tx -> {
            tx.persist(new Person("Outer", null, 1));
            return tx.flush()
                    .then(tx.transactional(inner -> {
                        inner.persist(new Person("Inner", null, 2));
                        return inner.flush().then(Mono.error(new IllegalArgumentException("inner failed")));
                    }).onErrorResume(IllegalArgumentException.class, e -> Mono.empty()));
        }));

        assertThat(names(orm.fork(), Filter.all())).containsExactly("Outer");
        assertThat(log.sql("ROLLBACK")).anySatisfy(sql -> assertThat(sql).contains("SAVEPOINT"));
    }

    /**
     * A trace id or tenant in the subscriber's Reactor Context reaches every driver call of a flush and of
     * a transactional: the writes, their savepoints, BEGIN and COMMIT, as it reaches the reads.
     */
    @Test
    void everyStatementOfAFlushAndATransactionalRunsWithTheSubscribersContext() {
        List<String> calls = new CopyOnWriteArrayList<>();
        Orm recording = Orm.builder().entities(entities()).driver(contextRecording(driver, calls)).build();
        EntityManager em = recording.fork();
        Person first = em.persist(new Person("First", null, 1));
        await(em.flush().contextWrite(Context.of("tenant", "t-7")));
        first.setAge(2);
        await(em.transactional(tx -> {
            tx.persist(new Person("Second", null, 3));
            return tx.flush().then(tx.find(Person.class, Filter.all()).then());
        }).contextWrite(Context.of("tenant", "t-7")));

        assertThat(calls).contains("insert t-7", "update t-7", "createSavepoint t-7", "releaseSavepoint t-7",
                "beginTransaction t-7", "commitTransaction t-7", "select t-7");
        assertThat(calls).allSatisfy(call -> assertThat(call).endsWith(" t-7"));
    }

    /** {@code inner}, noting each call of its connections as the method's name and the {@code tenant} in the Context that subscribed it. */
    private static Driver contextRecording(Driver inner, List<String> calls) {
        return new DelegatingDriver(inner) {
            @Override
            public <T> Flux<T> withConnection(Function<? super DriverConnection, ? extends Publisher<T>> work) {
                return inner.withConnection(connection -> work.apply((DriverConnection) Proxy.newProxyInstance(
                        DriverConnection.class.getClassLoader(), new Class<?>[] {DriverConnection.class}, (proxy, method, args) -> {
                            Object result = method.invoke(connection, args);
                            String name = method.getName();
                            if (result instanceof Mono<?> mono) {
                                return Mono.deferContextual(context -> {
                                    calls.add(name + " " + context.getOrDefault("tenant", "none"));
                                    return mono;
                                });
                            }
                            return result instanceof Flux<?> flux ? Flux.deferContextual(context -> {
                                calls.add(name + " " + context.getOrDefault("tenant", "none"));
                                return flux;
                            }) : result;
                        })));
            }
        };
    }

    /**
     * Cancels a nested transactional as each statement of its flush finishes (SAVEPOINTs, 4 INSERTs,
     * RELEASE) and lets the outer transaction go on at once, from inside the cancel, with work of its
     * own: the nested one rolls back to its savepoint, the outer one commits its own rows once each.
     * The nested one's entities live in the shared unit of work: when the cancel cut its flush short
     * they are still pending and the outer transaction's closing flush writes them; when its flush had
     * completed they count as written and the rollback to the savepoint took them away. Never a part.
     */
    @Test
    void cancellingANestedTransactionalRollsBackToItsSavepointAndTheOuterOneCommitsItsOwnWork() {
        for (int statement = 1; statement <= 7; statement++) {
            int cancelAt = statement;
            Sinks.Empty<Void> cancel = Sinks.empty();
            log.clear();
            await(orm.fork().transactional(tx -> {
                tx.persist(new Person("before", null, 1));
                return tx.flush()
                        .then(Mono.fromRunnable(() -> log.afterStatements(cancelAt, cancel::tryEmitEmpty)))
                        .then(tx.transactional(inner -> {
                            IntStream.range(0, 1000).forEach(i -> inner.persist(new Person("inner " + i, null, i)));
                            return inner.flush().then(Mono.never());
                        }).takeUntilOther(cancel.asMono()))
                        .then(Mono.fromRunnable(() -> tx.persist(new Person("after", null, 2))));
            }));

            awaitReleased(cancelAt);
            assertThat(names(orm.fork(), Filter.all())).as("rows after a cancel at %d", cancelAt)
                    .filteredOn(name -> !name.startsWith("inner")).containsExactly("before", "after");
            assertThat(await(orm.fork().count(Person.class, Filter.like("name", "inner %"))))
                    .as("nested rows after a cancel at %d", cancelAt).isIn(0L, 1000L);
            assertThat(log.sql("ROLLBACK")).anySatisfy(sql -> assertThat(sql).contains("ROLLBACK TO SAVEPOINT ro_tx_1"));
            removeAllPeople();
        }
    }

    // create

    @Test
    void createInstantiatesFromAMapAndPersists() {
        EntityManager em = orm.fork();
        Person person = em.create(Person.class, Map.of("name", "Created", "age", 33));
        await(em.flush());

        assertThat(person.getId()).isNotNull();
        assertThat(await(orm.fork().findOne(Person.class, person.getId())).getAge()).isEqualTo(33);

        Person detached = em.create(Person.class, Map.of("name", "Detached"), false);
        assertThat(em.contains(detached)).isFalse();
    }

    @Test
    void createNamesMissingUnknownAndMistypedProperties() {
        EntityManager em = orm.fork();
        assertThatThrownBy(() -> em.create(Person.class, Map.of("age", 1)))
                .isInstanceOf(OrmException.class).hasMessageContaining("Person").hasMessageContaining("[name]");
        assertThatThrownBy(() -> em.create(Person.class, Map.of("name", "x", "nickname", "y")))
                .hasMessageContaining("Person has no property 'nickname'");
        assertThatThrownBy(() -> em.create(Person.class, Map.of("name", "x", "age", "old")))
                .hasMessageContaining("Person.age").hasMessageContaining("'old'");
    }

    // bad input

    @Test
    void badInputGetsErrorsThatNameWhatWasWrong() {
        EntityManager em = orm.fork();
        assertThatThrownBy(() -> em.persist(new Object()))
                .isInstanceOf(OrmException.class).hasMessageContaining("RO-1002").hasMessageContaining("java.lang.Object");
        assertThatThrownBy(() -> em.find(String.class, Filter.all())).hasMessageContaining("Unknown entity class java.lang.String");
        assertThatThrownBy(() -> em.find(Person.class, Filter.eq("nickname", "x")))
                .hasMessageContaining("Entity Person has no property 'nickname'");
        assertThatThrownBy(() -> em.find(Person.class, Filter.gt("age", "ten")))
                .hasMessageContaining("Person.age (operator GT)").hasMessageContaining("'ten'");
        assertThatThrownBy(() -> em.find(Person.class, Filter.like("age", "1%"))).hasMessageContaining("LIKE");
        assertThatThrownBy(() -> em.find(Person.class, Filter.eq("name", null))).hasMessageContaining("isNull");
        assertThatThrownBy(() -> em.find(Query.of(Person.class).orderBy("nickname"))).hasMessageContaining("nickname");
        assertThatThrownBy(() -> em.findOne(Person.class, "1")).hasMessageContaining("Person.id");
        assertThatThrownBy(() -> em.remove(new Person("Stranger", null, 1)))
                .hasMessageContaining("RO-3001").hasMessageContaining("Cannot remove Person");

        Person managed = em.getReference(Person.class, 42L);
        Person twin = new Person("Twin", null, 1);
        setId(twin, 42L);
        assertThatThrownBy(() -> em.persist(twin)).hasMessageContaining("RO-3002").hasMessageContaining("Person 42");
        assertThat(em.contains(managed)).isTrue();
        assertThat(log.events()).isEmpty();
    }

    private static void setId(Person person, Long id) {
        try {
            var field = Person.class.getDeclaredField("id");
            field.setAccessible(true);
            field.set(person, id);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void schemaUpdateAddsMissingTablesAndNothingTwice() {
        await(SchemaGenerator.of(orm).drop());
        log.clear();
        await(SchemaGenerator.of(orm).update());
        long created = log.count("CREATE");
        assertThat(created).isGreaterThanOrEqualTo(3);
        log.clear();
        await(SchemaGenerator.of(orm).update());
        assertThat(log.count("CREATE") + log.count("ALTER")).isZero();
        EntityManager em = orm.fork();
        em.persist(new Person("after update", null, 1));
        await(em.flush());
        assertThat(countPeople()).isEqualTo(1);
    }

    @Test
    void statementTextsAreBuiltOncePerShape() {
        persistPeople(10);
        int before = driver.cachedStatementTexts();
        EntityManager em = orm.fork();
        IntStream.range(0, 10).forEach(i -> em.persist(new Person("again " + i, null, i)));
        await(em.flush());
        assertThat(driver.cachedStatementTexts()).isEqualTo(before);
    }
}
