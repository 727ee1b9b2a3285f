package io.reactiveorm.tests;

import io.reactiveorm.EntityCollection;
import io.reactiveorm.EntityManager;
import io.reactiveorm.Orm;
import io.reactiveorm.OrmException;
import io.reactiveorm.query.Filter;
import io.reactiveorm.query.LoadStrategy;
import io.reactiveorm.query.Query;
import io.reactiveorm.sql.SchemaGenerator;
import io.reactiveorm.tests.db.TestDatabase;
import io.reactiveorm.tests.relations.Author;
import io.reactiveorm.tests.relations.Book;
import io.reactiveorm.tests.relations.Category;
import io.reactiveorm.tests.relations.Employee;
import io.reactiveorm.tests.relations.Publisher;
import io.reactiveorm.tests.relations.Tag;
import io.reactiveorm.tests.shop.Adjustment;
import io.reactiveorm.tests.shop.Bundle;
import io.reactiveorm.tests.shop.Product;
import io.reactiveorm.tests.shop.InvoiceLine;
import io.reactiveorm.tests.shop.OrderLine;
import io.reactiveorm.tests.shop.PurchaseOrder;
import io.reactiveorm.tests.shop.Friend;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import java.lang.reflect.Field;
import java.time.Duration;
import java.util.ConcurrentModificationException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Edge cases of references, collections and the relation schema (issue 4), run unchanged against every
 * database: ids changed behind the unit of work, elements whose equals() makes them equal, a
 * self-referencing many-to-many, long constraint names and foreign-key indexes.
 */
abstract class RelationEdgeCasesContract extends OrmContract {

    @Override
    List<Class<?>> entities() {
        return List.of(Book.class, Author.class, Publisher.class, Category.class, Employee.class, Tag.class,
                Friend.class, PurchaseOrder.class, OrderLine.class, Bundle.class, Product.class);
    }

    // ------------------------------------------------------------------ references

    @Test
    void referencesAreRegisteredIdOnlyInstancesSharedWithGetReference() {
        Long authorId = authorWithTwoBooksWritten();
        EntityManager em = orm.fork();
        List<Book> books = await(em.find(Book.class, Filter.eq("author", authorId)));
        assertThat(books).hasSize(2);
        Author ref = books.get(0).getAuthor();
        assertThat(books.get(1).getAuthor()).isSameAs(ref);
        assertThat(em.contains(ref)).isTrue();
        assertThat(em.isInitialized(ref)).isFalse();
        assertThat(ref.getId()).isEqualTo(authorId);
        assertThat(ref.getName()).isNull();
        assertThat(em.getReference(Author.class, authorId)).isSameAs(ref);
        assertThat(ref.getBooks().isInitialized()).isFalse();
        log.clear();
        assertThat(await(em.findOne(Author.class, authorId))).as("findOne initializes the reference").isSameAs(ref);
        assertThat(em.isInitialized(ref)).isTrue();
        assertThat(ref.getName()).isEqualTo("Le Guin");
        assertThat(log.count("SELECT")).isEqualTo(1);
        assertThat(await(em.findOne(Author.class, authorId))).isSameAs(ref);
        assertThat(log.count("SELECT")).as("second findOne from the identity map").isEqualTo(1);
    }

    @Test
    void loadsOfTwoTypesInOneStepSendOneQueryPerType() {
        EntityManager writer = orm.fork();
        for (int i = 0; i < 10; i++) {
            writer.persist(new Author("a" + i, writer.persist(new Publisher("p" + i))));
        }
        await(writer.flush());
        EntityManager em = wideBatchWindow().fork();
        List<Author> authors = await(em.find(Author.class, Filter.like("name", "a%")));
        List<Object> refs = new java.util.ArrayList<>();
        for (Author a : authors) {
            refs.add(a.getPublisher());
            refs.add(em.getReference(Author.class, a.getId()));   // managed, loaded: no query
        }
        log.clear();
        List<Object> loaded = await(Flux.fromIterable(refs).flatMap(em::load));
        assertThat(loaded).hasSize(20);
        assertThat(log.count("SELECT")).as(log.events().toString()).isEqualTo(1);
        assertThat(authors).allSatisfy(a -> assertThat(em.isInitialized(a.getPublisher())).isTrue());
    }

    /**
     * An Orm whose data-loader waits 500 ms for more loads: on a loaded machine the default 5 ms can pass
     * between two loads subscribed in one step, which then go as two queries.
     */
    private Orm wideBatchWindow() {
        return Orm.builder().entities(entities()).driver(driver).loadBatchWindow(Duration.ofMillis(500), Duration.ofSeconds(10)).build();
    }

    @Test
    void aReferenceToAMissingRow() {
        EntityManager em = orm.fork();
        Author ghost = em.getReference(Author.class, 987654L);
        assertThat(await(em.findOne(Author.class, 987654L))).as("findOne of a missing row").isNull();
        assertThatThrownBy(() -> await(em.load(ghost))).hasMessageContaining("RO-3003");
        // the reference's collection loads as empty
        assertThat(await(ghost.getBooks().load()).size()).isZero();
        // a new book pointing at it: the database refuses the foreign key
        em.persist(new Book("orphan", ghost));
        assertThatThrownBy(() -> await(em.flush())).isInstanceOf(OrmException.class);
    }

    @Test
    void aReferenceOfOneForkDoesNotLeakIntoAnother() {
        Long authorId = authorWithTwoBooksWritten();
        EntityManager a = orm.fork();
        EntityManager b = orm.fork();
        Author refA = a.getReference(Author.class, authorId);
        Author refB = b.getReference(Author.class, authorId);
        assertThat(refA).isNotSameAs(refB);
        assertThatThrownBy(() -> await(b.load(refA))).hasMessageContaining("RO-3001");
        await(a.load(refA));
        assertThat(b.isInitialized(refB)).isFalse();
        assertThat(refB.getName()).isNull();
        // a relation of fork b to fork a's instance
        b.persist(new Book("cross", refA));
        assertThatThrownBy(() -> await(b.flush())).hasMessageContaining("RO-3014");
    }

    /** A reference to the author in {@code em}, its id field then set to another id behind the unit of work's back. */
    private static void referenceWithItsIdChanged(EntityManager em, Long authorId) throws ReflectiveOperationException {
        Author ref = em.getReference(Author.class, authorId);
        Field id = Author.class.getDeclaredField("id");
        id.setAccessible(true);
        id.set(ref, authorId + 1000);
    }

    @Test
    void aReferenceWhoseIdIsChangedBeforeLoading() throws Exception {
        Long authorId = authorWithTwoBooksWritten();
        EntityManager em = orm.fork();
        referenceWithItsIdChanged(em, authorId);
        assertThatThrownBy(() -> await(em.flush()))
                .as("the flush names the id change, as it does for a loaded entity")
                .hasMessageContaining("id of Author " + authorId + " was changed");
    }

    @Test
    void findOneOfARowWhoseReferenceHadItsIdChangedNamesTheChange() throws Exception {
        Long authorId = authorWithTwoBooksWritten();
        EntityManager em = orm.fork();
        referenceWithItsIdChanged(em, authorId);
        // the row exists, and the identity map files the instance under the old id: neither empty nor that instance
        assertThatThrownBy(() -> await(em.findOne(Author.class, authorId)))
                .hasMessage("RO-2004: The id of Author " + authorId + " was changed to " + (authorId + 1000)
                        + "; ids of managed entities cannot change");
    }

    @Test
    void referencesInsidePopulatedCollections() {
        Long authorId = authorWithTwoBooksWritten();
        EntityManager em = orm.fork();
        Author author = await(em.findOne(Query.of(Author.class).where(Filter.eq("id", authorId)).populate("books")));
        assertThat(author.getBooks().size()).isEqualTo(2);
        assertThat(author.getBooks()).allSatisfy(book -> {
            assertThat(book.getAuthor()).isSameAs(author);
            assertThat(em.isInitialized(book)).isTrue();
            assertThat(book.getTags().isInitialized()).isFalse();
        });
        // a reference's collection can be loaded without loading the reference
        EntityManager em2 = orm.fork();
        Author ref = em2.getReference(Author.class, authorId);
        await(ref.getBooks().load());
        assertThat(em2.isInitialized(ref)).isFalse();
        assertThat(ref.getBooks()).hasSize(2).allSatisfy(book -> assertThat(book.getAuthor()).isSameAs(ref));
        await(em2.load(ref));
        assertThat(ref.getBooks().isInitialized()).as("loading the reference keeps its loaded collection").isTrue();
        assertThat(ref.getBooks().size()).isEqualTo(2);
    }

    // ------------------------------------------------------------------ collections

    @Test
    void uninitializedCollectionRefusesEveryReadAndWrite() {
        Long authorId = authorWithTwoBooksWritten();
        EntityManager em = orm.fork();
        Author author = await(em.findOne(Author.class, authorId));
        EntityCollection<Book> books = author.getBooks();
        List<Runnable> uses = List.of(books::size, books::isEmpty, () -> books.contains(null), books::iterator, books::getItems,
                books::stream, () -> books.add(new Book("x", null)), () -> books.remove(null), books::removeAll,
                () -> books.set(List.of()));
        for (Runnable use : uses) {
            assertThatThrownBy(use::run).hasMessageContaining("RO-3012").hasMessageContaining("Author.books").hasMessageContaining("load()");
        }
        assertThat(books.toString()).contains("not initialized");
        log.clear();
        EntityCollection<Book> same = await(books.load());
        assertThat(same).isSameAs(books);
        assertThat(books.size()).isEqualTo(2);
        await(books.load());
        assertThat(log.count("SELECT")).as("load twice: one query").isEqualTo(1);
    }

    /** Collection loads go through the data-loader like em.load: subscribed together, one query per relation. */
    @Test
    void collectionLoadsSubscribedTogetherShareOneQuery() {
        authorWithTwoBooksWritten();
        authorWithTwoBooksWritten();
        EntityManager em = wideBatchWindow().fork();
        List<Author> authors = await(em.find(Author.class, Filter.eq("name", "Le Guin")));
        assertThat(authors).hasSize(2);
        log.clear();

        List<EntityCollection<Book>> loaded = await(Flux.fromIterable(authors).flatMap(a -> a.getBooks().load()));

        assertThat(loaded).hasSize(2).allSatisfy(books -> assertThat(books.size()).isEqualTo(2));
        assertThat(log.sql("SELECT")).hasSize(1).allSatisfy(sql -> assertThat(sql).contains("rel_book"));
    }

    @Test
    void aNewEntitysCollectionLoadsWithoutAQuery() {
        EntityManager em = orm.fork();
        Author author = em.persist(new Author("new", null));
        author.getBooks().add(new Book("b", null));
        log.clear();
        assertThat(await(author.getBooks().load()).size()).isEqualTo(1);
        await(em.populate(author, "books"));
        assertThat(log.size()).isZero();
        // not even persisted
        Author loose = new Author("loose", null);
        assertThat(await(loose.getBooks().load()).isEmpty()).isTrue();
    }

    @Test
    void collectionSemantics() {
        EntityManager em = orm.fork();
        Author author = em.persist(new Author("x", null));
        Book b1 = new Book("1", null);
        Book b2 = new Book("2", null);
        Book b3 = new Book("3", null);
        author.getBooks().add(b1, b1, b2, b3);
        assertThat(author.getBooks().size()).isEqualTo(3);
        assertThat(author.getBooks().contains(null)).isFalse();
        assertThat(author.getBooks().contains(b2)).isTrue();
        assertThatThrownBy(() -> author.getBooks().add((Book) null)).isInstanceOf(NullPointerException.class);
        assertThat(author.getBooks().size()).isEqualTo(3);
        assertThatThrownBy(() -> {
            for (Book b : author.getBooks()) {
                author.getBooks().remove(b);
            }
        }).isInstanceOf(ConcurrentModificationException.class);
        // two elements left (b1 went): removing the first while iterating ends the loop silently, b3 never seen
        assertThat(author.getBooks().getItems()).containsExactly(b2, b3);
        List<Book> seen = new java.util.ArrayList<>();
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> {
            for (Book b : author.getBooks()) {
                seen.add(b);
                author.getBooks().remove(b);
            }
        });
        assertThat(thrown).as("documented: changing the collection while iterating fails; seen " + seen)
                .isInstanceOf(ConcurrentModificationException.class);
    }

    @Test
    void inverseSideSyncOnRemoveAndMove() {
        EntityManager em = orm.fork();
        Author a = em.persist(new Author("a", null));
        Author b = em.persist(new Author("b", null));
        Book book = new Book("moving", null);
        a.getBooks().add(book);
        assertThat(book.getAuthor()).isSameAs(a);
        b.getBooks().add(book);
        assertThat(book.getAuthor()).isSameAs(b);
        assertThat(a.getBooks().contains(book)).isFalse();
        b.getBooks().remove(book);
        assertThat(book.getAuthor()).isNull();
        // a tree: a child moved between parents
        Category root1 = em.persist(new Category("r1", null));
        Category root2 = em.persist(new Category("r2", null));
        Category child = new Category("c", null);
        root1.getChildren().add(child);
        root2.getChildren().add(child);
        assertThat(child.getParent()).isSameAs(root2);
        assertThat(root1.getChildren().isEmpty()).isTrue();
    }

    @Test
    void entitiesWithBusinessKeyEqualityStayDistinctInCollectionsBeforeAndAfterIds() {
        EntityManager em = orm.fork();
        PurchaseOrder order = em.persist(new PurchaseOrder("o"));
        OrderLine l1 = new OrderLine("SKU-1", 1);
        OrderLine l2 = new OrderLine("SKU-1", 2);   // equals(l1): same product code
        order.getLines().add(l1, l2);
        assertThat(order.getLines().size()).isEqualTo(2);
        await(em.flush());
        assertThat(sqlCount("SELECT COUNT(*) FROM %s", "shop_line")).isEqualTo(2);
        assertThat(l1.getId()).isNotNull().isNotEqualTo(l2.getId());
        assertThat(order.getLines().contains(l1)).isTrue();
        assertThat(order.getLines().contains(l2)).isTrue();

        for (LoadStrategy strategy : LoadStrategy.values()) {
            PurchaseOrder read = populatedInAFreshFork(PurchaseOrder.class, order.getId(), "lines", strategy);
            assertThat(read.getLines().size()).as("%s: elements are compared by identity, not equals()", strategy).isEqualTo(2);
        }
    }

    private <T> T populatedInAFreshFork(Class<T> type, Long id, String path, LoadStrategy strategy) {
        return await(orm.fork().findOne(Query.of(type).where(Filter.eq("id", id)).populate(path).strategy(strategy)));
    }

    @Test
    void aJoinedPopulateKeepsManyToManyElementsThatAreEqualButNotIdentical() {
        EntityManager em = orm.fork();
        Bundle bundle = em.persist(new Bundle("b"));
        bundle.getProducts().add(new Product("X100"), new Product("X100"));   // two products, one model
        await(em.flush());
        assertThat(sqlCount("SELECT COUNT(*) FROM %s", "shop_bundle_products")).isEqualTo(2);

        for (LoadStrategy strategy : LoadStrategy.values()) {
            Bundle read = populatedInAFreshFork(Bundle.class, bundle.getId(), "products", strategy);
            assertThat(read.getProducts().size()).as("%s", strategy).isEqualTo(2);
        }
    }

    @Test
    void aSelfReferencingManyToManyWithBothSides() {
        EntityManager em = orm.fork();
        Friend ann = em.persist(new Friend("ann"));
        Friend bob = em.persist(new Friend("bob"));
        Friend cid = em.persist(new Friend("cid"));
        ann.getFriends().add(bob);
        assertThat(bob.getFriendOf().contains(ann)).isTrue();
        cid.getFriendOf().add(ann);                       // through the inverse side
        assertThat(ann.getFriends().getItems()).containsExactly(bob, cid);
        ann.getFriends().add(ann);                        // a friend of oneself
        assertThat(ann.getFriendOf().contains(ann)).isTrue();
        await(em.flush());
        assertThat(sqlCount("SELECT COUNT(*) FROM %s", "shop_friends")).isEqualTo(3);

        EntityManager read = orm.fork();
        Friend bob2 = await(read.findOne(Query.of(Friend.class).where(Filter.eq("name", "bob")).populate("friendOf.friends")));
        assertThat(bob2.getFriendOf().size()).isEqualTo(1);
        Friend ann2 = bob2.getFriendOf().getItems().get(0);
        assertThat(ann2.getFriends().size()).isEqualTo(3);
        assertThat(ann2.getFriends().contains(ann2)).isTrue();

        read.remove(ann2);
        await(read.flush());
        assertThat(sqlCount("SELECT COUNT(*) FROM %s", "shop_friends")).isZero();
        assertThat(bob2.getFriendOf().isEmpty()).isTrue();
    }

    // ------------------------------------------------------------------ schema

    @Test
    void joinTableHasAPrimaryKeyAndBothForeignKeys() {
        String pk = database() == TestDatabase.MARIADB
                ? "SELECT COUNT(*) FROM information_schema.table_constraints WHERE table_schema = DATABASE() AND table_name = 'rel_book_tags' AND constraint_type = 'PRIMARY KEY'"
                : "SELECT COUNT(*) FROM information_schema.table_constraints WHERE LOWER(table_name) = 'rel_book_tags' AND constraint_type = 'PRIMARY KEY'";
        String fk = pk.replace("PRIMARY KEY", "FOREIGN KEY");
        assertThat(sqlCount(pk)).isEqualTo(1);
        assertThat(sqlCount(fk)).isEqualTo(2);
        assertThat(sqlCount(fk.replace("rel_book_tags", "rel_book"))).isEqualTo(1);
        assertThat(sqlCount(fk.replace("rel_book_tags", "rel_category"))).as("the self-reference").isEqualTo(1);
    }

    /** How many indexes of a table start with a column. */
    private long indexesLeadingWith(String table, String column) {
        return switch (database()) {
            case POSTGRES -> sqlCount("SELECT COUNT(*) FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid"
                    + " JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = i.indkey[0]"
                    + " WHERE t.relname = '" + table + "' AND a.attname = '" + column + "'");
            case MARIADB -> sqlCount("SELECT COUNT(*) FROM information_schema.statistics WHERE table_schema = DATABASE()"
                    + " AND table_name = '" + table + "' AND column_name = '" + column + "' AND seq_in_index = 1");
            case H2 -> sqlCount("SELECT COUNT(*) FROM information_schema.index_columns WHERE LOWER(table_name) = '" + table
                    + "' AND LOWER(column_name) = '" + column + "' AND ordinal_position = 1");
        };
    }

    @Test
    void foreignKeyColumnsAreIndexed() {
        // populate reads WHERE author_id IN (...), loading Tag.books reads WHERE tag_id IN (...), deleting an
        // author checks rel_book.author_id: without an index each is a full scan of the child table
        assertThat(indexesLeadingWith("rel_book", "author_id")).as("rel_book.author_id").isPositive();
        assertThat(indexesLeadingWith("rel_category", "parent_id")).as("rel_category.parent_id").isPositive();
        assertThat(indexesLeadingWith("rel_book_tags", "tag_id")).as("rel_book_tags.tag_id").isPositive();
    }

    @Test
    void longButOrdinaryNamesGiveForeignKeysTheDatabaseAccepts() {
        await(SchemaGenerator.of(orm).drop());
        Orm longNames = Orm.builder().entities(Friend.class, Adjustment.class, InvoiceLine.class).driver(driver).build();
        try {
            await(SchemaGenerator.of(longNames).recreate());
            EntityManager em = longNames.fork();
            em.persist(new Friend("p"));
            await(em.flush());
        } finally {
            await(SchemaGenerator.of(longNames).drop().onErrorResume(e -> reactor.core.publisher.Mono.empty()));
        }
    }

    @Test
    void updateAddsAJoinTableAndARelationColumnAndDropHandlesCycles() {
        // the suite's recreate covers Category's self-reference; a drop() twice in a row is harmless
        await(SchemaGenerator.of(orm).drop());
        await(SchemaGenerator.of(orm).drop());
        await(SchemaGenerator.of(orm).update());
        log.clear();
        await(SchemaGenerator.of(orm).update());
        assertThat(log.count("CREATE") + log.count("ALTER")).as(log.sql("ALTER").toString()).isZero();
    }
}
