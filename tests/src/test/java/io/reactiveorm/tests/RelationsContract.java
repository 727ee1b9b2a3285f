package io.reactiveorm.tests;

import io.reactiveorm.EntityManager;
import io.reactiveorm.MappingException;
import io.reactiveorm.Orm;
import io.reactiveorm.OrmException;
import io.reactiveorm.query.Filter;
import io.reactiveorm.query.Query;
import io.reactiveorm.sql.SchemaGenerator;
import io.reactiveorm.tests.relations.Author;
import io.reactiveorm.tests.relations.Book;
import io.reactiveorm.tests.relations.Category;
import io.reactiveorm.tests.relations.Employee;
import io.reactiveorm.tests.relations.Publisher;
import io.reactiveorm.tests.relations.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * To-one relations (the first slice of issue 4), run unchanged against every database: one subclass
 * per database. Statements are counted through a {@link StatementLog} attached to the driver.
 */
abstract class RelationsContract extends OrmContract {

    @Override
    List<Class<?>> entities() {
        return List.of(Book.class, Author.class, Publisher.class, Category.class, Employee.class, Tag.class);
    }

    /** 100 authors with 10 books each, flushed; returns the authors, books in {@code books}. */
    private List<Author> persistAuthorsWithBooks(List<Book> books) {
        EntityManager em = orm.fork();
        List<Author> authors = new ArrayList<>();
        for (int a = 0; a < 100; a++) {
            Author author = em.persist(new Author("author " + a, null));
            authors.add(author);
            for (int b = 0; b < 10; b++) {
                books.add(em.persist(new Book("book " + a + "." + b, author)));
            }
        }
        await(em.flush());
        return authors;
    }

    @Test
    void aGraphOfNewEntitiesFlushesOneInsertPerTypePerBatchWithGeneratedForeignKeys() {
        List<Book> books = new ArrayList<>();
        EntityManager em = orm.fork();
        List<Author> authors = new ArrayList<>();
        // books are persisted before their authors: the flush still inserts the parents first
        for (int a = 0; a < 100; a++) {
            Author author = new Author("author " + a, null);
            authors.add(author);
            for (int b = 0; b < 10; b++) {
                books.add(em.persist(new Book("book " + a + "." + b, author)));
            }
        }
        em.persistAll(authors);

        await(em.flush());

        // ceil(100/300) author INSERTs + ceil(1000/300) book INSERTs
        assertThat(log.count("INSERT")).isEqualTo(1 + 4);
        assertThat(log.sql("INSERT").get(0)).contains("rel_author");
        assertThat(log.count("BEGIN")).isEqualTo(1);
        assertThat(log.count("COMMIT")).isEqualTo(1);
        assertThat(log.size()).isEqualTo(7);
        Map<Long, Long> expectedAuthorOfBook = new HashMap<>();
        for (Book book : books) {
            assertThat(book.getAuthor().getId()).isNotNull();
            expectedAuthorOfBook.put(book.getId(), book.getAuthor().getId());
        }
        log.clear();

        EntityManager reader = orm.fork();
        List<Book> loaded = await(reader.find(Query.of(Book.class).where(Filter.all())));

        assertThat(log.count("SELECT")).isEqualTo(1);
        assertThat(log.size()).isEqualTo(1);
        assertThat(loaded).hasSize(1000);
        Map<Long, Author> referenceOfAuthor = new HashMap<>();
        for (Book book : loaded) {
            Author reference = book.getAuthor();
            assertThat(reference.getId()).isEqualTo(expectedAuthorOfBook.get(book.getId()));
            assertThat(reader.isInitialized(reference)).isFalse();
            assertThat(reference.getName()).isNull();
            assertThat(referenceOfAuthor.computeIfAbsent(reference.getId(), id -> reference)).isSameAs(reference);
        }
        assertThat(referenceOfAuthor).hasSize(100);
    }

    @Test
    void aRowReferencingALoadedEntityHydratesTheManagedInstance() {
        List<Book> books = new ArrayList<>();
        Author first = persistAuthorsWithBooks(books).get(0);
        EntityManager em = orm.fork();
        Author author = await(em.findOne(Author.class, first.getId()));
        log.clear();

        List<Book> hisBooks = await(em.find(Book.class, Filter.eq("author", author)));

        assertThat(hisBooks).hasSize(10).allSatisfy(book -> assertThat(book.getAuthor()).isSameAs(author));
        assertThat(em.isInitialized(author)).isTrue();
        assertThat(await(em.find(Book.class, Filter.eq("author", first.getId())))).hasSize(10);
        assertThat(log.count("SELECT")).isEqualTo(2);
    }

    @Test
    void aReferenceOfTheSameIdIsNoChangeAndAnotherTargetUpdatesTheForeignKey() {
        List<Book> books = new ArrayList<>();
        List<Author> authors = persistAuthorsWithBooks(books);
        EntityManager em = orm.fork();
        Book book = await(em.findOne(Book.class, books.get(0).getId()));
        Author loadedAuthor = await(em.findOne(Author.class, authors.get(0).getId()));
        log.clear();

        assertThat(book.getAuthor()).isSameAs(loadedAuthor);
        await(em.flush());
        assertThat(log.size()).isZero();

        book.setAuthor(em.getReference(Author.class, authors.get(1).getId()));
        await(em.flush());

        assertThat(log.count("UPDATE")).isEqualTo(1);
        assertThat(log.size()).isEqualTo(3);
        Book reloaded = await(orm.fork().findOne(Book.class, book.getId()));
        assertThat(reloaded.getAuthor().getId()).isEqualTo(authors.get(1).getId());
    }

    @Test
    void deletesOfParentsAndChildrenInOneFlushDeleteChildrenFirst() {
        List<Book> books = new ArrayList<>();
        List<Author> authors = persistAuthorsWithBooks(books);
        EntityManager em = orm.fork();
        List<Author> loadedAuthors = await(em.find(Author.class, Filter.all()));
        List<Book> loadedBooks = await(em.find(Book.class, Filter.all()));
        log.clear();
        // parents removed first on purpose
        loadedAuthors.forEach(em::remove);
        loadedBooks.forEach(em::remove);

        await(em.flush());

        assertThat(log.count("DELETE")).isEqualTo(4 + 1);
        List<String> deletes = log.sql("DELETE");
        assertThat(deletes.subList(0, 4)).allSatisfy(sql -> assertThat(sql).contains("rel_book"));
        assertThat(deletes.get(4)).contains("rel_author");
        assertThat(await(orm.fork().count(Author.class, Filter.all()))).isZero();
        assertThat(authors).hasSize(100);
    }

    @Test
    void aSelfReferencingTreeOfThreeLevelsFlushesAsOneInsertAndOneForeignKeyUpdate() {
        EntityManager em = orm.fork();
        Category root = new Category("root", null);
        List<Category> leaves = new ArrayList<>();
        for (int c = 0; c < 3; c++) {
            Category child = new Category("child " + c, root);
            for (int g = 0; g < 3; g++) {
                leaves.add(new Category("leaf " + c + "." + g, child));
            }
        }
        // only the leaves: cascade ALL persists their parents and the root
        em.persistAll(leaves);

        await(em.flush());

        assertThat(log.count("INSERT")).isEqualTo(1);
        assertThat(log.count("UPDATE")).isEqualTo(1);
        assertThat(log.size()).isEqualTo(4);
        EntityManager reader = orm.fork();
        Map<Long, Category> all = new HashMap<>();
        await(reader.find(Category.class, Filter.all())).forEach(c -> all.put(c.getId(), c));
        assertThat(all).hasSize(13);
        for (Category leaf : leaves) {
            Category loadedLeaf = all.get(leaf.getId());
            assertThat(loadedLeaf.getParent()).isSameAs(all.get(leaf.getParent().getId()));
            assertThat(loadedLeaf.getParent().getParent()).isSameAs(all.get(root.getId()));
            assertThat(loadedLeaf.getParent().getParent().getParent()).isNull();
        }
    }

    @Test
    void aRequiredForeignKeyToARowOfTheSameBatchFailsAndRollsBack() {
        EntityManager em = orm.fork();
        Employee boss = new Employee("boss");
        Employee clerk = new Employee("clerk");
        boss.setManager(boss);
        clerk.setManager(boss);
        em.persistAll(List.of(clerk, boss));

        assertThatThrownBy(() -> await(em.flush()))
                .isInstanceOf(OrmException.class)
                .satisfies(e -> assertThat(((OrmException) e).code()).isEqualTo("RO-3011"))
                .hasMessageContaining("Employee")
                .hasMessageContaining("'manager'")
                .hasMessageContaining("nullable");
        assertThat(log.count("INSERT")).isZero();
        assertThat(log.count("ROLLBACK")).isEqualTo(1);
        assertThat(boss.getId()).isNull();
        assertThat(await(orm.fork().count(Employee.class, Filter.all()))).isZero();
    }

    @Test
    void cascadePersistInsertsANewParentFirst() {
        EntityManager em = orm.fork();
        Publisher publisher = new Publisher("Acme");
        em.persist(new Author("one", publisher));
        em.persist(new Author("two", publisher));

        await(em.flush());

        assertThat(log.count("INSERT")).isEqualTo(2);
        assertThat(log.sql("INSERT").get(0)).contains("rel_publisher");
        assertThat(publisher.getId()).isNotNull();
        assertThat(await(orm.fork().find(Author.class, Filter.eq("publisher", publisher.getId())))).hasSize(2);
    }

    @Test
    void aNewParentWithoutCascadeFailsTheFlushNamingBothEntitiesAndTheProperty() {
        EntityManager em = orm.fork();
        Book book = em.persist(new Book("orphan", new Author("never persisted", null)));

        assertThatThrownBy(() -> await(em.flush()))
                .isInstanceOf(OrmException.class)
                .satisfies(e -> assertThat(((OrmException) e).code()).isEqualTo("RO-3010"))
                .hasMessageContaining("Book")
                .hasMessageContaining("'author'")
                .hasMessageContaining("new Author")
                .hasMessageContaining("CascadeType.PERSIST");
        assertThat(log.size()).isZero();

        em.persist(book.getAuthor());
        await(em.flush());
        assertThat(log.count("INSERT")).isEqualTo(2);
    }

    @Test
    void createAcceptsAToOneAsAnIdAndSetsAReference() {
        List<Book> books = new ArrayList<>();
        Author first = persistAuthorsWithBooks(books).get(0);
        EntityManager em = orm.fork();
        log.clear();

        Book book = em.create(Book.class, Map.of("title", "by id", "author", first.getId()));

        assertThat(book.getAuthor().getId()).isEqualTo(first.getId());
        assertThat(em.isInitialized(book.getAuthor())).isFalse();
        await(em.flush());
        assertThat(log.count("INSERT")).isEqualTo(1);
        assertThat(log.size()).isEqualTo(3);
        assertThat(await(orm.fork().count(Book.class, Filter.eq("author", first)))).isEqualTo(11);
    }

    @Test
    void recreateDropsAndCreatesTablesWithForeignKeysPresent() {
        List<Book> books = new ArrayList<>();
        persistAuthorsWithBooks(books);
        log.clear();

        await(SchemaGenerator.of(orm).recreate());

        // four to-one foreign keys and the two join columns of rel_book_tags
        assertThat(log.sql("ALTER")).hasSize(6).allSatisfy(sql -> assertThat(sql).contains("FOREIGN KEY"));
        assertThat(log.sql("CREATE")).anySatisfy(sql -> assertThat(sql).contains("rel_book_tags").contains("PRIMARY KEY"));
        assertThat(await(orm.fork().count(Book.class, Filter.all()))).isZero();
        EntityManager em = orm.fork();
        em.persist(new Book("dangling", em.getReference(Author.class, 424242L)));
        assertThatThrownBy(() -> await(em.flush())).isInstanceOf(OrmException.class);
    }

    @Test
    void aRelationToAnUnregisteredEntityFailsAtStartUpNamingClassAndProperty() {
        assertThatThrownBy(() -> Orm.builder().entities(Book.class).driver(driver).build())
                .isInstanceOf(MappingException.class)
                .hasMessageContaining("Book")
                .hasMessageContaining("author")
                .hasMessageContaining(Author.class.getName());
    }
}
