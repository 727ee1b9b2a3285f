package io.reactiveorm.tests;

import io.reactiveorm.EntityManager;
import io.reactiveorm.Orm;
import io.reactiveorm.OrmException;
import io.reactiveorm.query.Filter;
import io.reactiveorm.query.Query;
import io.reactiveorm.sql.SchemaGenerator;
import io.reactiveorm.tests.domain.Account;
import io.reactiveorm.tests.domain.Person;
import io.reactiveorm.tests.relations.Author;
import io.reactiveorm.tests.relations.Book;
import io.reactiveorm.tests.relations.Box;
import io.reactiveorm.tests.relations.Category;
import io.reactiveorm.tests.relations.Department;
import io.reactiveorm.tests.relations.Employee;
import io.reactiveorm.tests.relations.Item;
import io.reactiveorm.tests.relations.Publisher;
import io.reactiveorm.tests.relations.Shelf;
import io.reactiveorm.tests.relations.Staff;
import io.reactiveorm.tests.relations.Tag;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A failed or cancelled flush leaves the database and the unit of work as they were, so that a retry
 * after fixing the data succeeds and writes exactly the right rows; run unchanged against every
 * database (failures at COMMIT, which need a deferred constraint, are PostgreSQL's: see
 * {@code PostgresFlushRecoveryIT}).
 */
abstract class FlushRecoveryContract extends OrmContract {

    @Override
    List<Class<?>> entities() {
        return List.of(Book.class, Author.class, Publisher.class, Category.class, Employee.class, Tag.class,
                Shelf.class, Box.class, Item.class, Department.class, Staff.class, Person.class, Account.class);
    }

    /** An author with two books written by another fork; read in {@code em} without its books. */
    private Author authorWithUnloadedBooks(EntityManager em) {
        Author author = await(em.findOne(Author.class, authorWithTwoBooksWritten()));
        log.clear();
        return author;
    }

    /**
     * The user removes an author whose books were never loaded, and in the same flush inserts two tags
     * with the same (unique) name. The flush fails on the tags; the user removes the duplicate tag and
     * flushes again: the author and its two books must be deleted, one tag inserted.
     */
    @Test
    void aRetryAfterAFailedFlushStillDeletesTheBooksOfARemovedAuthorThatWereLoadedByTheFailedFlush() {
        EntityManager em = orm.fork();
        Author author = authorWithUnloadedBooks(em);
        em.remove(author);
        Tag duplicate = duplicateTag(em);

        assertThatThrownBy(() -> await(em.flush())).isInstanceOf(OrmException.class).hasMessageContaining("Tag");
        assertThat(sqlCount("SELECT COUNT(*) FROM %s", "rel_book")).isEqualTo(2);
        assertThat(sqlCount("SELECT COUNT(*) FROM %s", "rel_author")).isEqualTo(1);

        em.remove(duplicate);
        await(em.flush());

        assertThat(sqlCount("SELECT COUNT(*) FROM %s", "rel_author")).as("the author is deleted").isZero();
        assertThat(sqlCount("SELECT COUNT(*) FROM %s", "rel_book")).as("its books are deleted with it").isZero();
        assertThat(sqlCount("SELECT COUNT(*) FROM %s", "rel_tag")).isEqualTo(1);
    }

    /** The same with a removed shelf whose boxes (and their items) were never loaded: two levels. */
    @Test
    void aRetryAfterAFailedFlushStillDeletesTheTwoLevelsOfCascadeOfARemovedShelf() {
        EntityManager writer = orm.fork();
        Shelf written = writer.persist(new Shelf("shelf"));
        Box box = new Box("box");
        written.getBoxes().add(box);
        box.getItems().add(new Item("item 1"), new Item("item 2"));
        await(writer.flush());
        EntityManager em = orm.fork();
        Shelf shelf = await(em.findOne(Shelf.class, written.getId()));
        em.remove(shelf);
        Tag duplicate = duplicateTag(em);

        assertThatThrownBy(() -> await(em.flush())).isInstanceOf(OrmException.class).hasMessageContaining("Tag");

        em.remove(duplicate);
        await(em.flush());

        assertThat(sqlCount("SELECT COUNT(*) FROM %s", "rel_shelf")).isZero();
        assertThat(sqlCount("SELECT COUNT(*) FROM %s", "rel_box")).isZero();
        assertThat(sqlCount("SELECT COUNT(*) FROM %s", "rel_item")).isZero();
    }

    /**
     * An unversioned entity changed to the value another writer already stored: the UPDATE matches its
     * row (nothing is stale, there is no version), so the flush must succeed.
     */
    @Test
    void anUnversionedUpdateToTheValueTheRowAlreadyHoldsIsNoOptimisticLockFailure() {
        EntityManager setup = orm.fork();
        Person written = setup.persist(new Person("Ann", "ann@example.com", 30));
        await(setup.flush());
        EntityManager em = orm.fork();
        Person ann = await(em.findOne(Person.class, written.getId()));
        EntityManager other = orm.fork();
        await(other.findOne(Person.class, written.getId())).setAge(31);
        await(other.flush());

        ann.setAge(31);
        await(em.flush());

        assertThat(sqlCount("SELECT %s FROM %s WHERE %s = " + written.getId(), "age", "person", "id")).isEqualTo(31);
    }

    /**
     * Accounts get pooled sequence ids; the flush fails (a balance too large for its column) and is retried
     * after the fix, while another Orm (another application instance) inserts accounts of its own: no id
     * is handed out twice, the retry writes each account once with version 1.
     */
    @Test
    void aFailedFlushOfSequenceIdsNeverHandsOutAnIdTwice() {
        EntityManager em = orm.fork();
        List<Account> accounts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            accounts.add(em.persist(new Account("owner " + i, BigDecimal.ONE)));
        }
        Account bad = em.persist(new Account("bad", BigDecimal.TEN.pow(40)));

        assertThatThrownBy(() -> await(em.flush())).isInstanceOf(OrmException.class);
        assertThat(accounts).allSatisfy(a -> {
            assertThat(a.getId()).isNull();
            assertThat(a.getVersion()).isZero();
        });

        Orm another = Orm.builder().entities(entities()).driver(driver).build();
        EntityManager elsewhere = another.fork();
        for (int i = 0; i < 60; i++) {
            elsewhere.persist(new Account("elsewhere " + i, BigDecimal.ONE));
        }
        await(elsewhere.flush());

        bad.setBalance(BigDecimal.TEN);
        await(em.flush());

        assertThat(sqlCount("SELECT COUNT(*) FROM %s", "account")).isEqualTo(64);
        accounts.add(bad);
        assertThat(new HashSet<>(accounts.stream().map(Account::getId).toList())).hasSize(4).doesNotContainNull();
        assertThat(accounts).allSatisfy(a -> assertThat(a.getVersion()).isEqualTo(1));
    }

    /**
     * A new three-level category tree (one INSERT, foreign keys set by a fix-up UPDATE) flushed with an
     * UPDATE that fails after the fix-up: nothing stays, and the retry writes the tree with its parents.
     */
    @Test
    void aFailureAfterTheForeignKeyFixupRollsItBackAndTheRetryWritesTheTreeOnce() {
        EntityManager setup = orm.fork();
        setup.persist(new Person("Ann", "ann@example.com", 30));
        Person written = setup.persist(new Person("Bob", "bob@example.com", 40));
        await(setup.flush());
        EntityManager em = orm.fork();
        Person bob = await(em.findOne(Person.class, written.getId()));
        Category root = new Category("root", null);
        Category child = new Category("child", root);
        Category grandchild = em.persist(new Category("grandchild", child));
        bob.setEmail("ann@example.com");

        assertThatThrownBy(() -> await(em.flush())).isInstanceOf(OrmException.class);
        assertThat(sqlCount("SELECT COUNT(*) FROM %s", "rel_category")).isZero();
        assertThat(List.of(root, child, grandchild)).allSatisfy(c -> assertThat(c.getId()).isNull());
        assertThat(em.contains(root)).as("cascade PERSIST taken back").isFalse();

        bob.setEmail("bob2@example.com");
        await(em.flush());

        assertThat(sqlCount("SELECT COUNT(*) FROM %s", "rel_category")).isEqualTo(3);
        assertThat(sqlCount("SELECT %s FROM %s WHERE %s = " + grandchild.getId(), "parent_id", "rel_category", "id"))
                .isEqualTo(child.getId());
        assertThat(sqlCount("SELECT %s FROM %s WHERE %s = " + child.getId(), "parent_id", "rel_category", "id"))
                .isEqualTo(root.getId());
    }

    /**
     * A join row this flush inserts already exists (another writer linked the same tag): the flush fails at
     * the join rows; a new tag cascaded in the same flush is taken back; after dropping the clashing element
     * the retry inserts the new tag and its join row once.
     */
    @Test
    void aFailureWritingJoinRowsRollsBackAndTheRetryWritesTheRemainingLinksOnce() {
        EntityManager setup = orm.fork();
        Author a = setup.persist(new Author("A", null));
        Book written = new Book("B", null);
        a.getBooks().add(written);
        written.getTags().add(new Tag("one"));
        Tag two = setup.persist(new Tag("two"));
        await(setup.flush());
        EntityManager em = orm.fork();
        Book book = await(em.findOne(Query.of(Book.class).where(Filter.eq("id", written.getId())).populate("tags")));
        Tag twoHere = await(em.findOne(Tag.class, two.getId()));
        EntityManager other = orm.fork();
        Book otherBook = await(other.findOne(Query.of(Book.class).where(Filter.eq("id", written.getId())).populate("tags")));
        otherBook.getTags().add(await(other.findOne(Tag.class, two.getId())));
        await(other.flush());
        Tag three = new Tag("three");
        book.getTags().add(twoHere, three);

        assertThatThrownBy(() -> await(em.flush())).isInstanceOf(OrmException.class);
        assertThat(em.contains(three)).isFalse();
        assertThat(three.getId()).isNull();
        assertThat(sqlCount("SELECT COUNT(*) FROM %s", "rel_book_tags")).isEqualTo(2);

        book.getTags().remove(twoHere);
        await(em.flush());

        assertThat(sqlCount("SELECT COUNT(*) FROM %s", "rel_tag")).isEqualTo(3);
        assertThat(sqlCount("SELECT COUNT(*) FROM %s", "rel_book_tags")).as("one, two (other writer), three").isEqualTo(3);
    }

    /**
     * A flush with every kind of statement (inserts of a graph with join rows and a self-referencing tree
     * with its fix-up UPDATE, a purge of join rows, a cycle cut, deletes) is cancelled as each statement
     * finishes and flushed again at once: the database ends with exactly the rows of one complete flush.
     */
    @Test
    void aRelationsFlushCancelledAfterAnyStatementAndRetriedWritesExactlyOnce() {
        for (int statement = 1; statement <= 16; statement++) {
            if (statement > 1) {
                await(SchemaGenerator.of(orm).recreate());
            }
            EntityManager writer = orm.fork();
            Author old = writer.persist(new Author("old", null));
            List<Tag> tags = List.of(new Tag("t0"), new Tag("t1"), new Tag("t2"));
            for (int b = 0; b < 2; b++) {
                Book book = new Book("old " + b, null);
                old.getBooks().add(book);
                book.getTags().add(tags.get(b), tags.get(b + 1));
            }
            Category ca = new Category("a", null);
            Category cb = new Category("b", null);
            ca.getChildren().add(cb);
            cb.getChildren().add(ca);
            writer.persist(ca);
            await(writer.flush());

            EntityManager em = orm.fork();
            Author loadedOld = await(em.findOne(Query.of(Author.class).where(Filter.eq("id", old.getId())).populate("books.tags")));
            List<Category> cycle = await(em.find(Query.of(Category.class).orderBy("id")));
            List<Tag> oldTags = await(em.find(Query.of(Tag.class).orderBy("id")));
            em.remove(loadedOld);
            cycle.forEach(em::remove);
            Author fresh = em.persist(new Author("new", null));
            for (int b = 0; b < 3; b++) {
                Book book = new Book("new " + b, null);
                fresh.getBooks().add(book);
                book.getTags().add(oldTags.get(b), new Tag("n" + b));
            }
            Category root = new Category("root", null);
            Category child = new Category("child", root);
            Category grandchild = em.persist(new Category("grandchild", child));

            Sinks.Empty<Void> cancel = Sinks.empty();
            log.clear();
            log.afterStatements(statement, cancel::tryEmitEmpty);
            await(em.flush().takeUntilOther(cancel.asMono()).then(em.flush()));

            int at = statement;
            Polling.awaitTrue(() -> database().acquiredConnections() == 0, Duration.ofSeconds(10));
            assertThat(log.count("COMMIT")).as("COMMITs, cancel at %d: %s", at, log.events()).isEqualTo(1);
            assertThat(sqlCount("SELECT COUNT(*) FROM %s", "rel_author")).as("authors, cancel at %d", at).isEqualTo(1);
            assertThat(sqlCount("SELECT COUNT(*) FROM %s", "rel_book")).as("books, cancel at %d", at).isEqualTo(3);
            assertThat(sqlCount("SELECT COUNT(*) FROM %s", "rel_tag")).as("tags, cancel at %d", at).isEqualTo(6);
            assertThat(sqlCount("SELECT COUNT(*) FROM %s", "rel_book_tags")).as("join rows, cancel at %d", at).isEqualTo(6);
            assertThat(sqlCount("SELECT COUNT(*) FROM %s", "rel_category")).as("categories, cancel at %d", at).isEqualTo(3);
            assertThat(sqlCount("SELECT %s FROM %s WHERE %s = " + grandchild.getId(), "parent_id", "rel_category", "id"))
                    .as("grandchild's parent, cancel at %d", at).isEqualTo(child.getId());
            assertThat(sqlCount("SELECT %s FROM %s WHERE %s = " + child.getId(), "parent_id", "rel_category", "id"))
                    .as("child's parent, cancel at %d", at).isEqualTo(root.getId());
            assertThat(em.contains(loadedOld)).isFalse();
            assertThat(fresh.getBooks().getItems()).allSatisfy(book -> assertThat(book.getId()).isNotNull());
        }
    }

    /**
     * Inside transactional: a flush of a graph fails on a duplicate tag (under its savepoint); the work removes
     * the duplicate and goes on; the closing flush writes the graph once and the transaction commits.
     */
    @Test
    void aFailedFlushInsideTransactionalCanBeFixedAndTheClosingFlushWritesEverythingOnce() {
        EntityManager em = orm.fork();
        Author author = new Author("A", null);
        Book book = new Book("B", null);
        author.getBooks().add(book);
        book.getTags().add(new Tag("x"), new Tag("y"));
        await(em.transactional(tx -> {
            tx.persist(author);
            Tag duplicate = duplicateTag(tx);
            return tx.flush()
                    .onErrorResume(OrmException.class, e -> Mono.fromRunnable(() -> tx.remove(duplicate)))
                    .thenReturn("ok");
        }));

        assertThat(sqlCount("SELECT COUNT(*) FROM %s", "rel_author")).isEqualTo(1);
        assertThat(sqlCount("SELECT COUNT(*) FROM %s", "rel_book")).isEqualTo(1);
        assertThat(sqlCount("SELECT COUNT(*) FROM %s", "rel_tag")).isEqualTo(3);
        assertThat(sqlCount("SELECT COUNT(*) FROM %s", "rel_book_tags")).isEqualTo(2);
        assertThat(book.getId()).isNotNull();
    }

    /**
     * A nested transactional whose closing flush fails in its second batch: its savepoint is rolled back, the
     * outer work removes the duplicate and commits; every other entity is written once.
     */
    @Test
    void aNestedTransactionalWhoseClosingFlushFailsRollsBackAloneAndTheOuterCommitWritesTheRestOnce() {
        EntityManager em = orm.fork();
        List<Person> people = new ArrayList<>();
        Person[] duplicate = new Person[1];
        await(em.transactional(tx -> {
            people.add(tx.persist(new Person("outer", "outer@example.com", 1)));
            return tx.flush()
                    .then(tx.transactional(inner -> {
                        for (int i = 0; i < 400; i++) {
                            people.add(inner.persist(new Person("inner " + i, "inner" + i + "@example.com", i)));
                        }
                        duplicate[0] = inner.persist(new Person("dup", "outer@example.com", 2));
                        return Mono.just("inner");
                    }).onErrorResume(OrmException.class, e -> Mono.fromRunnable(() -> tx.remove(duplicate[0]))))
                    .thenReturn("outer");
        }));

        assertThat(sqlCount("SELECT COUNT(*) FROM %s", "person")).isEqualTo(401);
        assertThat(new HashSet<>(people.stream().map(Person::getId).toList())).doesNotContainNull().hasSize(401);
        assertThat(log.count("COMMIT")).isEqualTo(1);
    }

    /**
     * The same as the first test with a cancel instead of an error: the flush of a removed author whose books
     * were never loaded is cancelled after its 2nd, 3rd or 4th statement (SELECT of the books, BEGIN, ...) and
     * flushed again at once (the documented cancel/retry pattern). The retry must delete the author and its books.
     */
    @Test
    void aRemovalFlushCancelledAfterLoadingTheBooksAndRetriedDeletesTheBooksToo() {
        for (int statement = 2; statement <= 4; statement++) {
            if (statement > 2) {
                await(SchemaGenerator.of(orm).recreate());
            }
            EntityManager em = orm.fork();
            Author author = authorWithUnloadedBooks(em);
            em.remove(author);
            Sinks.Empty<Void> cancel = Sinks.empty();
            log.afterStatements(statement, cancel::tryEmitEmpty);

            int at = statement;
            assertThatCode(() -> await(em.flush().takeUntilOther(cancel.asMono()).then(em.flush())))
                    .as("flush retried after a cancel at statement %d: %s", at, log.events()).doesNotThrowAnyException();
            assertThat(sqlCount("SELECT COUNT(*) FROM %s", "rel_author")).isZero();
            assertThat(sqlCount("SELECT COUNT(*) FROM %s", "rel_book")).isZero();
        }
    }
}
