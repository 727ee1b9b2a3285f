package io.reactiveorm.tests;

import io.reactiveorm.EntityManager;
import io.reactiveorm.FlushMode;
import io.reactiveorm.OptimisticLockException;
import io.reactiveorm.OrmException;
import io.reactiveorm.query.Filter;
import io.reactiveorm.query.Query;
import io.reactiveorm.tests.domain.Account;
import io.reactiveorm.tests.domain.Person;
import io.reactiveorm.tests.relations.Author;
import io.reactiveorm.tests.relations.Book;
import io.reactiveorm.tests.relations.Department;
import io.reactiveorm.tests.relations.Staff;
import io.reactiveorm.tests.relations.Publisher;
import io.reactiveorm.tests.relations.Tag;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.function.BiConsumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Edge cases of the unit of work's semantics, run unchanged against every database: what AUTO flush
 * must see (join rows, removals that cascade through unloaded collections), which rows an optimistic
 * lock names, references changed before they load, versions, flush modes and bad input.
 */
abstract class UnitOfWorkEdgeCasesContract extends OrmContract {

    @Override
    List<Class<?>> entities() {
        return List.of(Person.class, Account.class, Author.class, Book.class, Publisher.class, Tag.class, Department.class, Staff.class);
    }

    // ---- AUTO flush and many-to-many link changes

    @Test
    void autoFlushSeesALinkAddedToAManagedOwningCollection() {
        EntityManager setup = orm.fork();
        Author a = setup.persist(new Author("A", null));
        setup.persist(new Book("B", a));
        Tag t = setup.persist(new Tag("t"));
        await(setup.flush());

        EntityManager em = orm.fork();
        Book book = await(em.find(Query.of(Book.class).where(Filter.eq("title", "B")).populate("tags"))).get(0);
        Tag tag = await(em.findOne(Tag.class, t.getId()));
        book.getTags().add(tag);
        log.clear();

        assertThat(await(em.count(Book.class, Filter.eq("tags.name", "t")))).as("count of books tagged t, AUTO").isEqualTo(1);
        assertThat(await(em.find(Tag.class, Filter.eq("books.title", "B")))).containsExactly(tag);
    }

    @Test
    void autoFlushSeesALinkRemovedFromAManagedOwningCollection() {
        EntityManager setup = orm.fork();
        Author a = setup.persist(new Author("A", null));
        Book b = setup.persist(new Book("B", a));
        b.getTags().add(new Tag("t"));
        await(setup.flush());

        EntityManager em = orm.fork();
        Book book = await(em.find(Query.of(Book.class).where(Filter.eq("title", "B")).populate("tags"))).get(0);
        book.getTags().removeAll();

        assertThat(await(em.find(Book.class, Filter.eq("tags.name", "t")))).as("books tagged t, AUTO").isEmpty();
    }

    // ---- AUTO flush and cascade REMOVE through a collection that is not loaded

    @Test
    void autoFlushAfterRemovingAnAuthorWhoseBooksAreLoaded() {
        Long id = authorWithTwoBooksWritten();
        EntityManager em = orm.fork();
        Author author = await(em.find(Query.of(Author.class).where(Filter.eq("id", id)).populate("books"))).get(0);
        em.remove(author);

        assertThat(await(em.count(Book.class, Filter.all()))).as("loaded books: cascaded, flushed").isZero();
    }

    @Test
    void autoFlushAfterRemovingAnAuthorWhoseBooksAreNotLoaded() {
        Long id = authorWithTwoBooksWritten();
        EntityManager em = orm.fork();
        Author author = await(em.findOne(Author.class, id));
        em.remove(author);

        assertThat(await(em.count(Book.class, Filter.all()))).as("books not loaded: the pending removal cascades to them").isZero();
        assertThat(await(em.find(Book.class, Filter.all()))).isEmpty();
    }

    // ---- MariaDB affected rows: the same value written by two forks, unversioned

    @Test
    void anUnversionedUpdateWritingTheValueTheRowAlreadyHasSucceeds() {
        EntityManager setup = orm.fork();
        Person p = setup.persist(new Person("Ann", null, 30));
        await(setup.flush());
        EntityManager first = orm.fork();
        EntityManager second = orm.fork();
        Person p1 = await(first.findOne(Person.class, p.getId()));
        Person p2 = await(second.findOne(Person.class, p.getId()));
        p1.setName("Same");
        await(first.flush());
        p2.setName("Same");
        await(second.flush());
        assertThat(await(orm.fork().findOne(Person.class, p.getId())).getName()).isEqualTo("Same");
    }

    // ---- identity map

    @Test
    void getReferenceThenFindReturnsTheReferenceInitialized() {
        EntityManager setup = orm.fork();
        Person p = setup.persist(new Person("Ann", null, 30));
        await(setup.flush());
        EntityManager em = orm.fork();
        Person ref = em.getReference(Person.class, p.getId());
        List<Person> found = await(em.find(Person.class, Filter.all()));
        assertThat(found).containsExactly(ref);
        assertThat(em.isInitialized(ref)).isTrue();
        assertThat(ref.getName()).isEqualTo("Ann");
        assertThat(em.getReference(Person.class, p.getId())).isSameAs(ref);
        log.clear();
        await(em.flush());
        assertThat(log.events()).isEmpty();
    }

    @Test
    void refreshOverwritesAChangedEntityAndItIsCleanAfterwards() {
        EntityManager setup = orm.fork();
        Person p = setup.persist(new Person("Ann", null, 30));
        await(setup.flush());
        EntityManager em = orm.fork();
        Person loaded = await(em.findOne(Person.class, p.getId()));
        loaded.setName("changed");
        p.setAge(31);
        await(setup.flush());
        assertThat(await(em.refresh(loaded))).isSameAs(loaded);
        assertThat(loaded.getName()).isEqualTo("Ann");
        assertThat(loaded.getAge()).isEqualTo(31);
        log.clear();
        await(em.flush());
        assertThat(log.events()).isEmpty();
    }

    @Test
    void refreshOfAnEntityWhoseRowIsGone() {
        EntityManager setup = orm.fork();
        Person p = setup.persist(new Person("Ann", null, 30));
        await(setup.flush());
        EntityManager em = orm.fork();
        Person loaded = await(em.findOne(Person.class, p.getId()));
        setup.remove(p);
        await(setup.flush());
        assertThatThrownBy(() -> await(em.refresh(loaded))).hasMessageContaining("Person").hasMessageContaining(String.valueOf(p.getId()));
    }

    // ---- persist / remove

    @Test
    void removeThenPersistCancelsTheRemovalAndKeepsTheChange() {
        EntityManager setup = orm.fork();
        Person p = setup.persist(new Person("Ann", null, 30));
        await(setup.flush());
        EntityManager em = orm.fork();
        Person loaded = await(em.findOne(Person.class, p.getId()));
        em.remove(loaded);
        loaded.setName("kept");
        em.persist(loaded);
        log.clear();
        await(em.flush());
        assertThat(log.count("DELETE")).isZero();
        assertThat(log.count("INSERT")).isZero();
        assertThat(log.count("UPDATE")).isEqualTo(1);
        assertThat(await(orm.fork().findOne(Person.class, p.getId())).getName()).isEqualTo("kept");
    }

    @Test
    void removingANewEntitySendsNothing() {
        EntityManager em = orm.fork();
        Person p = em.persist(new Person("Ann", null, 30));
        em.remove(p);
        await(em.flush());
        assertThat(log.events()).isEmpty();
        assertThat(em.contains(p)).isFalse();
        assertThat(p.getId()).isNull();
    }

    @Test
    void aVersionIsIncrementedOncePerFlushWhateverChanged() {
        EntityManager em = orm.fork();
        Account acc = em.persist(new Account("Ann", BigDecimal.ONE));
        await(em.flush());
        assertThat(acc.getVersion()).isEqualTo(1);
        acc.setOwner("B");
        acc.setBalance(BigDecimal.TEN);
        acc.setOwner("C");
        await(em.flush());
        assertThat(acc.getVersion()).isEqualTo(2);
        await(em.flush());
        assertThat(acc.getVersion()).isEqualTo(2);
        acc.setStatus(Account.Status.FROZEN);
        await(em.flush());
        assertThat(acc.getVersion()).isEqualTo(3);
        assertThat(await(orm.fork().findOne(Account.class, acc.getId())).getVersion()).isEqualTo(3);
        em.remove(acc);
        await(em.flush());
        assertThat(await(orm.fork().count(Account.class, Filter.all()))).isZero();
    }

    @Test
    void aStaleDeleteAndAStaleUpdateInOneFlushRollBackAndTheRetryAfterRefreshSucceeds() {
        EntityManager setup = orm.fork();
        Account a = setup.persist(new Account("A", BigDecimal.ONE));
        Account b = setup.persist(new Account("B", BigDecimal.ONE));
        Person newcomer = null;
        await(setup.flush());
        EntityManager em = orm.fork();
        Account a1 = await(em.findOne(Account.class, a.getId()));
        Account b1 = await(em.findOne(Account.class, b.getId()));
        a.setOwner("A2");
        b.setOwner("B2");
        await(setup.flush());
        a1.setOwner("mine");
        em.remove(b1);
        Person p = em.persist(new Person("new", null, 1));
        assertThatThrownBy(() -> await(em.flush())).isInstanceOf(OptimisticLockException.class)
                .hasMessageContaining("Account");
        assertThat(p.getId()).isNull();
        assertThat(await(orm.fork().count(Person.class, Filter.all()))).isZero();
        await(em.refresh(a1));
        await(em.refresh(b1));
        assertThat(em.contains(b1)).as("b1 still removed").isFalse();
        a1.setOwner("mine");
        await(em.flush());
        assertThat(await(orm.fork().findOne(Account.class, a.getId())).getOwner()).isEqualTo("mine");
        assertThat(await(orm.fork().count(Account.class, Filter.all()))).isEqualTo(1);
        assertThat(await(orm.fork().count(Person.class, Filter.all()))).isEqualTo(1);
    }

    // ---- flush modes and count

    @Test
    void aQueryFlushesInTheModeSetWhenItIsSubscribedNotWhenItWasBuilt() {
        EntityManager em = orm.fork();
        em.persist(new Person("a", null, 1));
        Mono<Long> builtInAuto = em.count(Person.class, Filter.all());
        em.setFlushMode(FlushMode.COMMIT);
        log.clear();
        assertThat(await(builtInAuto)).isZero();
        assertThat(log.count("INSERT")).isZero();

        Mono<Long> builtInCommit = em.count(Person.class, Filter.all());
        em.setFlushMode(FlushMode.AUTO);
        assertThat(await(builtInCommit)).isEqualTo(1);
        assertThat(log.count("INSERT")).isEqualTo(1);
    }

    @Test
    void countInEachFlushMode() {
        EntityManager auto = orm.fork();
        auto.persist(new Person("a", null, 1));
        assertThat(await(auto.count(Person.class, Filter.all()))).isEqualTo(1);

        EntityManager commit = orm.fork();
        commit.setFlushMode(FlushMode.COMMIT);
        commit.persist(new Person("c", null, 1));
        assertThat(await(commit.count(Person.class, Filter.all()))).isEqualTo(1);

        EntityManager always = orm.fork();
        always.setFlushMode(FlushMode.ALWAYS);
        log.clear();
        assertThat(await(always.count(Person.class, Filter.all()))).isEqualTo(1);
        assertThat(log.size()).as("nothing pending: only the SELECT " + log.events()).isEqualTo(1);
        always.persist(new Person("al", null, 1));
        assertThat(await(always.count(Account.class, Filter.all()))).isZero();
        assertThat(await(orm.fork().count(Person.class, Filter.all()))).isEqualTo(2);

        EntityManager forked = always.fork();
        assertThat(forked.flushMode()).isEqualTo(FlushMode.ALWAYS);
    }

    // ---- forks and closing

    @Test
    void aForkOutlivesItsClosedParentAndAClosedOneCannotFork() {
        EntityManager parent = orm.fork();
        EntityManager child = parent.fork();
        parent.close();
        child.persist(new Person("c", null, 1));
        await(child.flush());
        assertThatThrownBy(parent::fork).isInstanceOf(OrmException.class).hasMessageContaining("RO-3009");
    }

    // ---- bad input

    @Test
    void badInputNamesWhatWasWrong() {
        EntityManager em = orm.fork();
        assertThatThrownBy(() -> em.getReference(String.class, 1)).hasMessageContaining("RO-1002").hasMessageContaining("java.lang.String");
        assertThatThrownBy(() -> em.count(String.class, Filter.all())).hasMessageContaining("RO-1002");
        assertThatThrownBy(() -> em.refresh("x")).hasMessageContaining("RO-1002");
        assertThatThrownBy(() -> em.getReference(Person.class, 1)).hasMessageContaining("Person.id");
        assertThatThrownBy(() -> em.find(Person.class, Filter.in("id", List.of(1, 2)))).hasMessageContaining("Person.id");
        assertThatThrownBy(() -> em.find(Book.class, Filter.eq("author", "x"))).hasMessageContaining("Book.author");
        assertThatThrownBy(() -> em.find(Book.class, Filter.eq("author", new Tag("t")))).hasMessageContaining("Book.author");
        assertThatThrownBy(() -> em.count(Person.class, Filter.eq("nickname", "x"))).hasMessageContaining("nickname");
        assertThatThrownBy(() -> em.find(Query.of(Person.class).orderBy("author.name"))).hasMessageContaining("author.name");
        Person other = await(Mono_just(orm.fork(), new Person("o", null, 1)));
        assertThatThrownBy(() -> em.remove(other)).hasMessageContaining("RO-3001").hasMessageContaining("Person " + other.getId());
        assertThat(log.size()).isEqualTo(3);
    }

    private static reactor.core.publisher.Mono<Person> Mono_just(EntityManager em, Person p) {
        em.persist(p);
        return em.flush().thenReturn(p);
    }

    // ---- queries

    @Test
    void offsetWithoutLimitAndLimitZeroAndOrderedPagesWithCounts() {
        EntityManager em = orm.fork();
        for (int i = 0; i < 10; i++) {
            em.persist(new Person("p" + i, null, i));
        }
        await(em.flush());
        assertThat(await(em.find(Query.of(Person.class).orderBy("age").offset(7)))).extracting(Person::getName).containsExactly("p7", "p8", "p9");
        assertThat(await(em.find(Query.of(Person.class).limit(0)))).isEmpty();
        assertThat(await(em.find(Query.of(Person.class).where(Filter.gte("age", 3)).orderBy(Query.Order.desc("age")).limit(2).offset(1))))
                .extracting(Person::getName).containsExactly("p8", "p7");
        assertThat(await(em.findOne(Query.of(Person.class).orderBy(Query.Order.desc("age")).offset(2))).getName()).isEqualTo("p7");
        assertThat(await(em.count(Person.class, Filter.or(Filter.lt("age", 2), Filter.gt("age", 7))))).isEqualTo(4);
    }

    // ---- which ids an optimistic-lock error names

    @Test
    void anOptimisticLockNamesOnlyTheStaleRowWhenTheBatchPointsAtRowsInsertedInTheSameFlush() {
        EntityManager setup = orm.fork();
        Department d1 = setup.persist(new Department("d1"));
        Department d2 = setup.persist(new Department("d2"));
        await(setup.flush());
        EntityManager em = orm.fork();
        Department m1 = await(em.findOne(Department.class, d1.getId()));
        Department m2 = await(em.findOne(Department.class, d2.getId()));
        d1.setName("changed concurrently");
        await(setup.flush());

        m1.setHead(em.persist(new Staff("a", m1)));
        m2.setHead(em.persist(new Staff("b", m2)));
        StepVerifier.create(em.flush())
                .expectErrorSatisfies(e -> assertThat(((OptimisticLockException) e).ids()).as(e.getMessage()).containsExactly(d1.getId()))
                .verify(TIMEOUT);
    }

    @Test
    void anOptimisticLockNamesOnlyTheStaleRowWhenAnotherRowsValueIsRoundedByItsColumn() {
        assertOnlyTheStaleAccountIsNamed(Account::setBalance, new BigDecimal("2.50"), new BigDecimal("1.005"));
    }

    @Test
    void anOptimisticLockNamesOnlyTheStaleRowWhenAnotherRowsDateTimeHasNanoseconds() {
        assertOnlyTheStaleAccountIsNamed(Account::setLastActivity,
                Instant.parse("2026-01-02T03:04:05.123456789Z"), Instant.parse("2026-01-02T03:04:05.987654321Z"));
    }

    /**
     * Two accounts loaded in one fork, the first changed concurrently by another: a flush that sets
     * {@code staleValue} on the first and {@code freshValue} on the second names only the first.
     */
    private <V> void assertOnlyTheStaleAccountIsNamed(BiConsumer<Account, V> setter, V staleValue, V freshValue) {
        EntityManager setup = orm.fork();
        Account a = setup.persist(new Account("A", BigDecimal.ONE));
        Account b = setup.persist(new Account("B", BigDecimal.ONE));
        await(setup.flush());
        EntityManager em = orm.fork();
        Account a1 = await(em.findOne(Account.class, a.getId()));
        Account b1 = await(em.findOne(Account.class, b.getId()));
        a.setOwner("changed concurrently");
        await(setup.flush());

        setter.accept(a1, staleValue);
        setter.accept(b1, freshValue);
        StepVerifier.create(em.flush())
                .expectErrorSatisfies(e -> assertThat(((OptimisticLockException) e).ids()).as(e.getMessage()).containsExactly(a.getId()))
                .verify(TIMEOUT);
    }

    @Test
    void aVersionedRowWhoseForeignKeyIsFixedUpAfterItsInsertKeepsVersionOne() {
        EntityManager em = orm.fork();
        Department d = em.persist(new Department("d"));
        Staff s = em.persist(new Staff("s", d));
        d.setHead(s);
        await(em.flush());
        assertThat(d.getVersion()).isEqualTo(1);
        Department fresh = await(orm.fork().findOne(Department.class, d.getId()));
        assertThat(fresh.getVersion()).isEqualTo(1);
        assertThat(fresh.getHead().getId()).isEqualTo(s.getId());
        d.setName("again");
        await(em.flush());
        assertThat(d.getVersion()).isEqualTo(2);
    }

    // ---- a reference changed before it is loaded

    @Test
    void aQueryThatLoadsAReferenceKeepsAPropertySetOnItBeforehand() {
        EntityManager setup = orm.fork();
        Person p = setup.persist(new Person("Ann", null, 30));
        await(setup.flush());
        EntityManager em = orm.fork();
        em.setFlushMode(FlushMode.COMMIT);
        Person ref = em.getReference(Person.class, p.getId());
        ref.setName("set on the reference");

        assertThat(await(em.find(Person.class, Filter.all()))).containsExactly(ref);

        assertThat(ref.getName()).as("the row must not overwrite an in-memory change").isEqualTo("set on the reference");
        assertThat(ref.getAge()).isEqualTo(30);
        await(em.flush());
        assertThat(await(orm.fork().findOne(Person.class, p.getId())).getName()).isEqualTo("set on the reference");
    }

    @Test
    void loadingAReferenceKeepsAPropertySetOnItBeforehand() {
        EntityManager setup = orm.fork();
        Person p = setup.persist(new Person("Ann", null, 30));
        await(setup.flush());
        EntityManager em = orm.fork();
        Person ref = em.getReference(Person.class, p.getId());
        ref.setName("set on the reference");

        await(em.load(ref));

        assertThat(ref.getName()).as("load must not silently drop an in-memory change").isEqualTo("set on the reference");
    }

    @Test
    void aNullFilterIsRefusedWithAMessageByEveryQuery() {
        EntityManager em = orm.fork();
        assertThatThrownBy(() -> em.find(Person.class, null)).isInstanceOf(NullPointerException.class).hasMessage("filter");
        assertThatThrownBy(() -> em.findOne(Person.class, (Filter) null)).isInstanceOf(NullPointerException.class).hasMessage("filter");
        assertThatThrownBy(() -> em.count(Person.class, null)).isInstanceOf(NullPointerException.class).hasMessage("filter");
    }
}
