package io.reactiveorm.tests;

import io.reactiveorm.DatabaseException;
import io.reactiveorm.EntityManager;
import io.reactiveorm.MappingException;
import io.reactiveorm.Orm;
import io.reactiveorm.OptimisticLockException;
import io.reactiveorm.OrmException;
import io.reactiveorm.query.Filter;
import io.reactiveorm.query.Query;
import io.reactiveorm.sql.SchemaGenerator;
import io.reactiveorm.sql.StatementEvent;
import io.reactiveorm.tests.db.TestDatabase;
import io.reactiveorm.tests.relations.Author;
import io.reactiveorm.tests.relations.Book;
import io.reactiveorm.tests.relations.Category;
import io.reactiveorm.tests.relations.Department;
import io.reactiveorm.tests.relations.Employee;
import io.reactiveorm.tests.relations.NoteV1;
import io.reactiveorm.tests.relations.NoteV2;
import io.reactiveorm.tests.relations.Member;
import io.reactiveorm.tests.relations.Node;
import io.reactiveorm.tests.relations.Publisher;
import io.reactiveorm.tests.relations.Staff;
import io.reactiveorm.tests.relations.Tag;
import io.reactiveorm.tests.relations.Team;
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
        return List.of(Book.class, Author.class, Publisher.class, Category.class, Employee.class, Tag.class,
                Team.class, Member.class, Node.class);
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

        // the books' tag join rows (not loaded, so purged by book id), the books, the authors
        assertThat(log.count("DELETE")).isEqualTo(4 + 4 + 1);
        List<String> deletes = log.sql("DELETE");
        assertThat(deletes.subList(0, 4)).allSatisfy(sql -> assertThat(sql).contains("rel_book_tags"));
        assertThat(deletes.subList(4, 8)).allSatisfy(sql -> assertThat(sql).contains("rel_book").doesNotContain("rel_book_tags"));
        assertThat(deletes.get(8)).contains("rel_author");
        assertThat(log.count("UPDATE")).isZero();
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
    void aWholeTreeRemovedInOneFlushIsDeletedLeavesFirst() {
        EntityManager writer = orm.fork();
        Category root = new Category("root", null);
        for (int c = 0; c < 3; c++) {
            Category child = new Category("child " + c, root);
            for (int g = 0; g < 3; g++) {
                writer.persist(new Category("leaf " + c + "." + g, child));
            }
        }
        await(writer.flush());
        EntityManager em = orm.fork();
        List<Category> all = await(em.find(Query.of(Category.class).orderBy("id")));
        log.clear();

        // roots first on purpose, in one batch: the database must not see a parent go before its children
        all.forEach(em::remove);
        await(em.flush());

        assertThat(await(orm.fork().count(Category.class, Filter.all()))).isZero();
        // one DELETE per level: leaves, children, root; no cycle, so no foreign key is cut first
        assertThat(log.count("DELETE")).isEqualTo(3);
        assertThat(log.count("UPDATE")).isZero();
    }

    @Test
    void twoCategoriesThatAreEachOthersParentAreDeletedAfterOneUpdateCuttingBothParents() {
        EntityManager writer = orm.fork();
        Category a = new Category("a", null);
        Category b = new Category("b", null);
        a.getChildren().add(b);
        b.getChildren().add(a);
        writer.persist(a);
        await(writer.flush());
        assertThat(sqlCount("SELECT COUNT(*) FROM %s WHERE %s IS NOT NULL", "rel_category", "parent_id")).isEqualTo(2);
        EntityManager em = orm.fork();
        List<Category> both = await(em.find(Query.of(Category.class).orderBy("id")));
        log.clear();

        both.forEach(em::remove);
        await(em.flush());

        // H2 and MariaDB check foreign keys row by row: a single DELETE of both rows needs the cycle cut first
        assertThat(log.events()).extracting(StatementEvent::verb).containsExactly("BEGIN", "UPDATE", "DELETE", "COMMIT");
        assertThat(log.sql("UPDATE").get(0)).contains("parent_id").doesNotContain("name");
        assertThat(log.events().get(1).rows()).isEqualTo(2);
        assertThat(sqlCount("SELECT COUNT(*) FROM %s", "rel_category")).isZero();
        // the cut was written to the database only: the instances still point to each other
        assertThat(both.get(0).getParent()).isSameAs(both.get(1));
        assertThat(both.get(1).getParent()).isSameAs(both.get(0));
    }

    @Test
    void removingBothSidesOfATwoTypeCycleCutsTheNullableForeignKeyThenDeletesChildrenFirst() {
        Orm cycle = departmentsAndStaff();
        EntityManager writer = cycle.fork();
        researchHeadedByAnn(writer);
        Department sales = new Department("Sales");
        writer.persistAll(List.of(sales, new Staff("Bob", sales)));
        await(writer.flush());
        EntityManager em = cycle.fork();
        List<Department> departments = await(em.find(Query.of(Department.class).orderBy("id")));
        List<Staff> staff = await(em.find(Query.of(Staff.class).orderBy("id")));
        log.clear();

        // departments first on purpose
        departments.forEach(em::remove);
        staff.forEach(em::remove);
        await(em.flush());

        // only Research has a head among the deleted staff: one row cut, version-checked
        assertThat(log.events()).extracting(StatementEvent::verb).containsExactly("BEGIN", "UPDATE", "DELETE", "DELETE", "COMMIT");
        assertThat(log.sql("UPDATE").get(0)).contains("rel_department").contains("head_id").contains("version");
        assertThat(log.events().get(1).rows()).isEqualTo(1);
        assertThat(log.sql("DELETE").get(0)).contains("rel_staff");
        assertThat(log.sql("DELETE").get(1)).contains("rel_department");
        assertThat(sqlCount("SELECT COUNT(*) FROM %s", "rel_department")).isZero();
        assertThat(sqlCount("SELECT COUNT(*) FROM %s", "rel_staff")).isZero();
        assertThat(departments.get(0).getHead()).isSameAs(staff.get(0));
        assertThat(departments.get(0).getVersion()).isEqualTo(1);
    }

    @Test
    void aFailedCycleDeleteRollsTheCutBackLeavesTheInstancesAsTheyWereAndCanBeRetried() {
        Orm cycle = departmentsAndStaff();
        EntityManager writer = cycle.fork();
        Department research = researchHeadedByAnn(writer);
        Staff ann = research.getHead();
        Department sales = new Department("Sales");
        // Sales is headed by Ann too, and is not removed: the DELETE of Ann must fail
        sales.setHead(ann);
        writer.persist(sales);
        await(writer.flush());
        EntityManager em = cycle.fork();
        Department loadedResearch = await(em.findOne(Department.class, research.getId()));
        Staff loadedAnn = await(em.findOne(Staff.class, ann.getId()));
        Department loadedSales = await(em.findOne(Department.class, sales.getId()));
        em.remove(loadedResearch);
        em.remove(loadedAnn);
        log.clear();

        assertThatThrownBy(() -> await(em.flush())).isInstanceOf(DatabaseException.class).hasMessageContaining("DELETE of Staff");

        assertThat(log.events()).extracting(StatementEvent::verb).containsExactly("BEGIN", "UPDATE", "DELETE", "ROLLBACK");
        assertThat(sqlCount("SELECT COUNT(*) FROM %s WHERE %s IS NOT NULL", "rel_department", "head_id")).isEqualTo(2);
        assertThat(loadedResearch.getHead()).isSameAs(loadedAnn);
        assertThat(loadedResearch.getVersion()).isEqualTo(1);

        loadedSales.setHead(null);
        log.clear();
        await(em.flush());

        // the change of Sales, the cut of Research, then the deletes
        assertThat(log.events()).extracting(StatementEvent::verb)
                .containsExactly("BEGIN", "UPDATE", "UPDATE", "DELETE", "DELETE", "COMMIT");
        assertThat(sqlCount("SELECT COUNT(*) FROM %s", "rel_staff")).isZero();
        assertThat(sqlCount("SELECT COUNT(*) FROM %s", "rel_department")).isEqualTo(1);
        assertThat(loadedResearch.getHead()).isSameAs(loadedAnn);
    }

    @Test
    void aCycleDeleteOfADepartmentChangedConcurrentlyFailsAtTheCutWithAnOptimisticLockError() {
        Orm cycle = departmentsAndStaff();
        EntityManager writer = cycle.fork();
        Department research = researchHeadedByAnn(writer);
        Staff ann = research.getHead();
        await(writer.flush());
        EntityManager em = cycle.fork();
        em.remove(await(em.findOne(Department.class, research.getId())));
        em.remove(await(em.findOne(Staff.class, ann.getId())));
        EntityManager concurrent = cycle.fork();
        await(concurrent.findOne(Department.class, research.getId())).setName("Research and Development");
        await(concurrent.flush());
        log.clear();

        assertThatThrownBy(() -> await(em.flush()))
                .isInstanceOf(OptimisticLockException.class)
                .hasMessageContaining("Department")
                .hasMessageContaining("[" + research.getId() + "]");

        // the cut matched no row; the rows that tell which one is stale are read (SELECTs); nothing is deleted
        List<String> verbs = log.events().stream().map(StatementEvent::verb).toList();
        assertThat(verbs.subList(0, 2)).containsExactly("BEGIN", "UPDATE");
        assertThat(verbs.subList(2, verbs.size() - 1)).isNotEmpty().containsOnly("SELECT");
        assertThat(verbs.get(verbs.size() - 1)).isEqualTo("ROLLBACK");
        assertThat(log.events().get(1).rows()).isZero();
        assertThat(sqlCount("SELECT COUNT(*) FROM %s WHERE %s IS NOT NULL", "rel_department", "head_id")).isEqualTo(1);
    }

    @Test
    void aCycleOfRequiredForeignKeysAmongDeletedRowsFailsBeforeAnyStatementNamingTheCycle() {
        // two employees managing each other: only plain SQL can write them (the ORM cannot insert the cycle)
        sqlUpdate("INSERT INTO %s (%s, %s, %s) VALUES (1, 'a', 1)", "rel_employee", "id", "name", "manager_id");
        sqlUpdate("INSERT INTO %s (%s, %s, %s) VALUES (2, 'b', 1)", "rel_employee", "id", "name", "manager_id");
        sqlUpdate("UPDATE %s SET %s = 2 WHERE %s = 1", "rel_employee", "manager_id", "id");
        EntityManager em = orm.fork();
        List<Employee> both = await(em.find(Employee.class, Filter.all()));
        log.clear();
        both.forEach(em::remove);

        assertThatThrownBy(() -> await(em.flush()))
                .isInstanceOf(OrmException.class)
                .satisfies(e -> assertThat(((OrmException) e).code()).isEqualTo("RO-3016"))
                .hasMessageContaining("Employee 1.manager -> Employee 2")
                .hasMessageContaining("Employee 2.manager -> Employee 1")
                .hasMessageContaining("nullable");
        assertThat(log.size()).isZero();
        assertThat(sqlCount("SELECT COUNT(*) FROM %s", "rel_employee")).isEqualTo(2);
    }

    @Test
    void aCategoryThatIsItsOwnParentIsDeletedAfterItsKeyIsCut() {
        sqlUpdate("INSERT INTO %s (%s, %s) VALUES (1, 'loop')", "rel_category", "id", "name");
        sqlUpdate("UPDATE %s SET %s = 1 WHERE %s = 1", "rel_category", "parent_id", "id");
        EntityManager em = orm.fork();
        Category loop = await(em.findOne(Category.class, 1L));
        log.clear();

        em.remove(loop);
        await(em.flush());

        // MariaDB refuses to delete a row that references itself: before, its DELETE failed there with 1451
        assertThat(log.events()).extracting(StatementEvent::verb).containsExactly("BEGIN", "UPDATE", "DELETE", "COMMIT");
        assertThat(log.sql("UPDATE").get(0)).contains("parent_id");
        assertThat(sqlCount("SELECT COUNT(*) FROM %s", "rel_category")).isZero();
    }

    /**
     * A chain of required self-references whose root references itself (the boss manages herself):
     * deleted leaves first, one DELETE per level, on PostgreSQL and H2. MariaDB cannot delete a row that
     * references itself through a key that cannot be set to NULL: the flush fails naming the
     * database's error, and rolls back.
     */
    @Test
    void aChainOfRequiredSelfReferencesIsDeletedLeavesFirstExceptOnMariaDb() {
        sqlUpdate("INSERT INTO %s (%s, %s, %s) VALUES (1, 'boss', 1)", "rel_employee", "id", "name", "manager_id");
        sqlUpdate("INSERT INTO %s (%s, %s, %s) VALUES (2, 'clerk', 1)", "rel_employee", "id", "name", "manager_id");
        sqlUpdate("INSERT INTO %s (%s, %s, %s) VALUES (3, 'intern', 2)", "rel_employee", "id", "name", "manager_id");
        EntityManager em = orm.fork();
        List<Employee> all = await(em.find(Query.of(Employee.class).orderBy("id")));
        log.clear();
        all.forEach(em::remove);

        if (database() == TestDatabase.MARIADB) {
            assertThatThrownBy(() -> await(em.flush())).isInstanceOf(DatabaseException.class)
                    .hasMessageContaining("DELETE of Employee failed").hasMessageContaining("vendor code 1451");
            assertThat(log.count("ROLLBACK")).isEqualTo(1);
            assertThat(sqlCount("SELECT COUNT(*) FROM %s", "rel_employee")).isEqualTo(3);
            return;
        }
        await(em.flush());

        assertThat(log.events()).extracting(StatementEvent::verb).containsExactly("BEGIN", "DELETE", "DELETE", "DELETE", "COMMIT");
        assertThat(log.events().subList(1, 4)).extracting(StatementEvent::rows).containsExactly(1L, 1L, 1L);
        assertThat(sqlCount("SELECT COUNT(*) FROM %s", "rel_employee")).isZero();
    }

    /** Persists the department Research and Ann, who works there and heads it (a cycle); returns Research. */
    private static Department researchHeadedByAnn(EntityManager writer) {
        Department research = new Department("Research");
        Staff ann = new Staff("Ann", research);
        research.setHead(ann);
        writer.persistAll(List.of(research, ann));
        return research;
    }

    /** An Orm of the {@link Department} / {@link Staff} cycle on new tables. */
    private Orm departmentsAndStaff() {
        Orm cycle = Orm.builder().entities(List.of(Department.class, Staff.class)).driver(driver).build();
        await(SchemaGenerator.of(cycle).recreate());
        log.clear();
        return cycle;
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

    /**
     * With ids known before the INSERT (assigned by the application, or drawn from a sequence), a key
     * still points only at a row already placed: a cycle goes through the nullable key and one fix-up
     * UPDATE, as with generated ids; H2 and MariaDB check each row as it goes in.
     */
    @Test
    void cyclesOfNewRowsWhoseIdsAreKnownBeforeTheInsertGoThroughTheNullableKey() {
        EntityManager em = orm.fork();
        Team team = new Team(1L, "red");
        Member captain = new Member(10L, "cap", team);
        team.setCaptain(captain);
        Node a = new Node("a");
        Node b = new Node("b");
        a.setParent(b);
        b.setParent(a);
        em.persistAll(List.of(team, captain, a, b));

        await(em.flush());

        assertThat(log.count("UPDATE")).as(log.events().toString()).isEqualTo(2);
        assertThat(sqlCount("SELECT COUNT(*) FROM %s WHERE %s = 10", "rel_team", "captain_id")).isEqualTo(1);
        assertThat(sqlCount("SELECT COUNT(*) FROM %s WHERE %s = 1", "rel_member", "team_id")).isEqualTo(1);
        assertThat(sqlCount("SELECT COUNT(*) FROM %s WHERE %s = " + a.getId(), "rel_node", "parent_id")).isEqualTo(1);
        assertThat(sqlCount("SELECT COUNT(*) FROM %s WHERE %s = " + b.getId(), "rel_node", "parent_id")).isEqualTo(1);
        log.clear();
        await(em.flush());
        assertThat(log.size()).isZero();
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

        // the seven to-one foreign keys dropped before the tables (rel_book_tags takes its two along),
        // then those seven and the two of rel_book_tags' join columns added
        assertThat(log.sql("ALTER")).hasSize(16).allSatisfy(sql -> assertThat(sql).containsAnyOf("DROP CONSTRAINT", "DROP FOREIGN KEY", "ADD CONSTRAINT"));
        assertThat(log.sql("ALTER")).filteredOn(sql -> sql.contains("ADD CONSTRAINT")).hasSize(9)
                .allSatisfy(sql -> assertThat(sql).contains("FOREIGN KEY"));
        assertThat(log.sql("CREATE")).anySatisfy(sql -> assertThat(sql).contains("rel_book_tags").contains("PRIMARY KEY"));
        assertThat(await(orm.fork().count(Book.class, Filter.all()))).isZero();
        EntityManager em = orm.fork();
        em.persist(new Book("dangling", em.getReference(Author.class, 424242L)));
        assertThatThrownBy(() -> await(em.flush())).isInstanceOf(OrmException.class);
    }

    @Test
    void recreateDropsTwoTypesThatReferenceEachOther() {
        Orm cycle = Orm.builder().entities(Department.class, Staff.class).driver(driver).build();
        await(SchemaGenerator.of(cycle).recreate());
        EntityManager em = cycle.fork();
        Department department = em.persist(new Department("R&D"));
        await(em.flush());
        department.setHead(em.persist(new Staff("Ann", department)));
        await(em.flush());
        log.clear();

        await(SchemaGenerator.of(cycle).recreate());

        assertThat(log.sql("DROP")).hasSize(2);
        assertThat(sqlCount("SELECT COUNT(*) FROM %s", "rel_department") + sqlCount("SELECT COUNT(*) FROM %s", "rel_staff")).isZero();
        EntityManager after = cycle.fork();
        after.persist(new Staff("dangling", after.getReference(Department.class, 424242L)));
        assertThatThrownBy(() -> await(after.flush())).isInstanceOf(OrmException.class);
        await(SchemaGenerator.of(cycle).drop());
    }

    @Test
    void schemaUpdateCreatesMissingJoinTablesAndTheForeignKeyOfAnAddedRelationColumn() {
        await(SchemaGenerator.of(orm).drop());
        await(SchemaGenerator.of(Orm.builder().entities(NoteV1.class).driver(driver).build()).recreate());
        Orm withNotes = Orm.builder().entities(List.of(Book.class, Author.class, Publisher.class, Category.class, Employee.class,
                Tag.class, NoteV2.class)).driver(driver).build();
        log.clear();

        await(SchemaGenerator.of(withNotes).update());

        assertThat(log.sql("CREATE")).anySatisfy(sql -> assertThat(sql).contains("rel_book_tags"));
        assertThat(log.sql("ALTER")).anySatisfy(sql -> assertThat(sql).contains("rel_note").contains("ADD COLUMN"));
        assertThat(log.sql("ALTER")).anySatisfy(sql -> assertThat(sql).contains("fk_rel_note_author_id").contains("FOREIGN KEY"));
        EntityManager em = withNotes.fork();
        em.persist(new NoteV2("dangling", em.getReference(Author.class, 424242L)));
        assertThatThrownBy(() -> await(em.flush())).isInstanceOf(OrmException.class);
        log.clear();
        await(SchemaGenerator.of(withNotes).update());
        assertThat(log.count("CREATE") + log.count("ALTER")).isZero();
        await(SchemaGenerator.of(withNotes).drop());
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
