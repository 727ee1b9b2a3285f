package io.reactiveorm.tests;

import io.reactiveorm.EntityManager;
import io.reactiveorm.OrmException;
import io.reactiveorm.query.Filter;
import io.reactiveorm.query.Query;
import io.reactiveorm.tests.relations.Author;
import io.reactiveorm.tests.relations.Book;
import io.reactiveorm.tests.relations.Box;
import io.reactiveorm.tests.relations.Category;
import io.reactiveorm.tests.relations.Employee;
import io.reactiveorm.tests.relations.Item;
import io.reactiveorm.tests.relations.Publisher;
import io.reactiveorm.tests.relations.Shelf;
import io.reactiveorm.tests.relations.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Collections (issue 4): one-to-many and many-to-many sides, keeping both sides in sync, cascades,
 * orphan removal and join-row batches, run unchanged against every database. Statements are counted
 * through a {@link StatementLog}; rows are counted with plain SQL outside the ORM.
 */
abstract class CollectionsContract extends OrmContract {

    @Override
    List<Class<?>> entities() {
        return List.of(Book.class, Author.class, Publisher.class, Category.class, Employee.class, Tag.class,
                Shelf.class, Box.class, Item.class);
    }

    /**
     * {@code authors} new authors with 10 books each, each book tagged with 3 of 30 shared tags (with fewer than 16
     * authors some tags stay unused and are never persisted); persists the authors only.
     */
    private static List<Author> library(EntityManager em, int authors) {
        List<Tag> tags = new ArrayList<>();
        for (int t = 0; t < 30; t++) {
            tags.add(new Tag("tag " + t));
        }
        List<Author> result = new ArrayList<>();
        for (int a = 0; a < authors; a++) {
            Author author = new Author("author " + a, null);
            for (int b = 0; b < 10; b++) {
                Book book = new Book("book " + a + "." + b, null);
                author.getBooks().add(book);
                for (int k = 0; k < 3; k++) {
                    book.getTags().add(tags.get((a + b + k * 7) % tags.size()));
                }
            }
            result.add(em.persist(author));
        }
        return result;
    }

    /** {@link #library}, flushed. */
    private List<Author> flushedLibrary(EntityManager em, int authors) {
        List<Author> library = library(em, authors);
        await(em.flush());
        return library;
    }

    private long joinRows() {
        return sqlCount("SELECT COUNT(*) FROM %s", "rel_book_tags");
    }

    @Test
    void aNewGraphWithSharedTagsFlushesOneInsertPerBatchPerTypeAndPerJoinTable() {
        EntityManager em = orm.fork();
        List<Author> authors = flushedLibrary(em, 100);

        // 100 authors: 1 INSERT; 1,000 books: ceil(1000/300) = 4; 30 tags: 1; 3,000 join rows: ceil(3000/300) = 10
        assertThat(log.count("INSERT")).isEqualTo(1 + 4 + 1 + 10);
        assertThat(log.sql("INSERT")).filteredOn(sql -> sql.contains("rel_book_tags")).hasSize(10);
        assertThat(log.count("BEGIN")).isEqualTo(1);
        assertThat(log.count("COMMIT")).isEqualTo(1);
        assertThat(log.size()).isEqualTo(18);
        assertThat(joinRows()).isEqualTo(3_000);
        assertThat(sqlCount("SELECT COUNT(*) FROM %s", "rel_tag")).isEqualTo(30);
        Book first = authors.get(0).getBooks().getItems().get(0);
        assertThat(first.getAuthor()).isSameAs(authors.get(0));
        assertThat(sqlCount("SELECT COUNT(*) FROM %s WHERE %s = " + first.getId(), "rel_book_tags", "book_id")).isEqualTo(3);
        assertThat(sqlCount("SELECT COUNT(*) FROM %s WHERE %s = " + authors.get(0).getId(), "rel_book", "author_id")).isEqualTo(10);

        log.clear();
        await(em.flush());
        assertThat(log.size()).as("a second flush has nothing to write").isZero();
    }

    @Test
    void addingOnOneSideSetsTheOtherSide() {
        EntityManager em = orm.fork();
        Author author = em.persist(new Author("Le Guin", null));
        Book book = new Book("The Dispossessed", null);
        Tag tag = new Tag("utopia");

        author.getBooks().add(book);
        tag.getBooks().add(book);

        assertThat(book.getAuthor()).isSameAs(author);
        assertThat(book.getTags().getItems()).containsExactly(tag);
        em.persist(tag);
        await(em.flush());
        assertThat(sqlCount("SELECT COUNT(*) FROM %s WHERE %s = " + book.getId() + " AND %s = " + tag.getId(),
                "rel_book_tags", "book_id", "tag_id")).isEqualTo(1);

        Author other = em.persist(new Author("Butler", null));
        other.getBooks().add(book);
        assertThat(book.getAuthor()).isSameAs(other);
        assertThat(author.getBooks().contains(book)).as("moved out of the previous author's books").isFalse();

        tag.getBooks().remove(book);
        assertThat(book.getTags().isEmpty()).isTrue();
        log.clear();
        await(em.flush());
        assertThat(log.sql("DELETE")).singleElement().satisfies(sql -> assertThat(sql).contains("rel_book_tags"));
        assertThat(joinRows()).isZero();
        assertThat(sqlCount("SELECT COUNT(*) FROM %s WHERE %s = " + other.getId(), "rel_book", "author_id")).isEqualTo(1);
    }

    @Test
    void aQueryAutoFlushesANewEntityReachableOnlyThroughACascadingCollection() {
        EntityManager em = orm.fork();
        Author author = em.persist(new Author("Jemisin", null));
        await(em.flush());
        author.getBooks().add(new Book("The Fifth Season", null));

        assertThat(await(em.count(Book.class, Filter.eq("author", author)))).isEqualTo(1);
        assertThat(log.count("INSERT")).isEqualTo(2);
    }

    @Test
    void aQueryThatFlushesNothingLeavesNoCascadedEntityBehind() {
        EntityManager em = orm.fork();
        Book book = em.persist(new Book("Kindred", em.persist(new Author("Butler", null))));
        await(em.flush());
        Tag tag = new Tag("classic");
        book.getTags().add(tag);

        assertThat(await(em.count(Publisher.class, Filter.all()))).isZero();
        assertThat(em.contains(tag)).as("the check's cascade is taken back when nothing is flushed").isFalse();

        book.getTags().remove(tag);
        log.clear();
        await(em.flush());
        assertThat(log.count("INSERT")).isZero();
        assertThat(sqlCount("SELECT COUNT(*) FROM %s", "rel_tag")).isZero();
    }

    @Test
    void addingToAChildCollectionOfATreeSetsTheParent() {
        EntityManager em = orm.fork();
        Category root = em.persist(new Category("root", null));
        Category child = em.persist(new Category("child", null));
        root.getChildren().add(child);

        assertThat(child.getParent()).isSameAs(root);
        await(em.flush());
        assertThat(await(orm.fork().count(Category.class, Filter.eq("parent", root.getId())))).isEqualTo(1);
    }

    @Test
    void removingFromAOrphanRemovalCollectionDeletesTheChildAndItsJoinRows() {
        EntityManager em = orm.fork();
        Author author = flushedLibrary(em, 1).get(0);
        Book orphan = author.getBooks().getItems().get(0);
        log.clear();

        author.getBooks().remove(orphan);

        assertThat(orphan.getAuthor()).isNull();
        await(em.flush());
        // the orphan's 3 join rows first, then the orphan: no UPDATE of its (required) author_id
        assertThat(log.sql("DELETE")).hasSize(2);
        assertThat(log.sql("DELETE").get(0)).contains("rel_book_tags");
        assertThat(log.sql("DELETE").get(1)).contains("rel_book");
        assertThat(log.count("UPDATE")).isZero();
        assertThat(em.contains(orphan)).isFalse();
        assertThat(sqlCount("SELECT COUNT(*) FROM %s", "rel_book")).isEqualTo(9);
        assertThat(joinRows()).isEqualTo(27);
    }

    @Test
    void aBookMovedToAnotherAuthorIsNoOrphan() {
        EntityManager em = orm.fork();
        List<Author> authors = flushedLibrary(em, 2);
        Book moved = authors.get(0).getBooks().getItems().get(0);
        log.clear();

        authors.get(1).getBooks().add(moved);

        await(em.flush());
        assertThat(log.count("DELETE")).isZero();
        assertThat(log.sql("UPDATE")).singleElement().satisfies(sql -> assertThat(sql).contains("rel_book"));
        assertThat(sqlCount("SELECT COUNT(*) FROM %s WHERE %s = " + authors.get(1).getId(), "rel_book", "author_id")).isEqualTo(11);
    }

    @Test
    void removingAnAuthorCascadesToItsLoadedBooksAndTheirJoinRows() {
        EntityManager em = orm.fork();
        List<Author> authors = flushedLibrary(em, 3);
        List<Book> books = authors.get(0).getBooks().getItems();
        long tags = sqlCount("SELECT COUNT(*) FROM %s", "rel_tag");
        log.clear();

        em.remove(authors.get(0));

        assertThat(books).hasSize(10).allSatisfy(book -> assertThat(em.contains(book)).isFalse());
        await(em.flush());
        // join rows of the 10 books, the books, the author: children first
        assertThat(log.sql("DELETE")).hasSize(3);
        assertThat(log.sql("DELETE").get(0)).contains("rel_book_tags");
        assertThat(log.sql("DELETE").get(1)).contains("rel_book");
        assertThat(log.sql("DELETE").get(2)).contains("rel_author");
        assertThat(sqlCount("SELECT COUNT(*) FROM %s", "rel_book")).isEqualTo(20);
        assertThat(joinRows()).isEqualTo(60);
        assertThat(sqlCount("SELECT COUNT(*) FROM %s", "rel_tag")).as("tags are not cascaded").isEqualTo(tags);
    }

    @Test
    void removingAnAuthorWhoseBooksWereNeverLoadedLoadsThemWithOneQueryAndDeletesThemFirst() {
        EntityManager writer = orm.fork();
        List<Author> written = library(writer, 2);
        await(writer.flush());
        EntityManager em = orm.fork();
        Author author = await(em.findOne(Author.class, written.get(0).getId()));
        log.clear();

        em.remove(author);
        await(em.flush());

        assertThat(log.sql("SELECT")).singleElement().satisfies(sql -> assertThat(sql).contains("rel_book"));
        assertThat(log.sql("DELETE")).hasSize(3);
        assertThat(log.sql("DELETE").get(0)).contains("rel_book_tags");
        assertThat(log.sql("DELETE").get(1)).contains("rel_book");
        assertThat(log.sql("DELETE").get(2)).contains("rel_author");
        assertThat(sqlCount("SELECT COUNT(*) FROM %s", "rel_book")).isEqualTo(10);
        assertThat(sqlCount("SELECT COUNT(*) FROM %s WHERE %s = " + written.get(1).getId(), "rel_book", "author_id")).isEqualTo(10);
        assertThat(joinRows()).isEqualTo(30);
        assertThat(author.getBooks().isInitialized()).isTrue();
    }

    @Test
    void removingATagDeletesItsJoinRowsFirstAndLeavesTheBooksLoadedCollections() {
        EntityManager em = orm.fork();
        Author author = flushedLibrary(em, 1).get(0);
        Book book = author.getBooks().getItems().get(0);
        Tag tag = book.getTags().getItems().get(0);
        long taggedBooks = tag.getBooks().size();
        log.clear();

        em.remove(tag);

        assertThat(book.getTags().contains(tag)).isFalse();
        await(em.flush());
        assertThat(log.sql("DELETE")).hasSize(2);
        assertThat(log.sql("DELETE").get(0)).contains("rel_book_tags");
        assertThat(log.sql("DELETE").get(1)).contains("rel_tag");
        assertThat(joinRows()).isEqualTo(30 - taggedBooks);
    }

    @Test
    void aJoinRowRemovedAndAddedAgainBeforeTheFlushSendsNothing() {
        EntityManager em = orm.fork();
        Author author = flushedLibrary(em, 1).get(0);
        Book book = author.getBooks().getItems().get(0);
        Tag tag = book.getTags().getItems().get(0);
        log.clear();

        book.getTags().remove(tag);
        book.getTags().add(tag);

        await(em.flush());
        assertThat(log.size()).isZero();
    }

    @Test
    void aNewElementOfACollectionWithoutCascadeFailsTheFlushNamingTheRelation() {
        EntityManager em = orm.fork();
        Tag tag = em.persist(new Tag("lonely"));
        Author author = new Author("never persisted", null);
        Book book = new Book("orphaned draft", author);
        tag.getBooks().add(book);

        assertThatThrownBy(() -> await(em.flush()))
                .isInstanceOf(OrmException.class)
                .hasMessageContaining("RO-3010")
                .hasMessageContaining("Tag")
                .hasMessageContaining("'books'")
                .hasMessageContaining("Book");
        assertThat(log.size()).isZero();
    }

    @Test
    void theCollectionOfAnEntityReadFromTheDatabaseMustBeLoadedBeforeUse() {
        EntityManager writer = orm.fork();
        Author written = library(writer, 1).get(0);
        await(writer.flush());

        EntityManager em = orm.fork();
        Author author = await(em.findOne(Author.class, written.getId()));

        assertThat(author.getBooks().isInitialized()).isFalse();
        assertThatThrownBy(() -> author.getBooks().size())
                .isInstanceOf(OrmException.class)
                .hasMessageContaining("RO-3012")
                .hasMessageContaining("Author.books")
                .hasMessageContaining("load()");
        assertThatThrownBy(() -> author.getBooks().add(new Book("late", null)))
                .hasMessageContaining("RO-3012");

        Book book = await(em.findOne(Book.class, written.getBooks().getItems().get(0).getId()));
        Tag tag = em.persist(new Tag("new tag"));
        assertThatThrownBy(() -> tag.getBooks().add(book))
                .hasMessageContaining("RO-3012")
                .hasMessageContaining("Book.tags")
                .hasMessageContaining("the owning side");
        assertThat(tag.getBooks().isEmpty()).as("nothing changed").isTrue();
    }

    @Test
    void aFailedFlushLeavesTheCollectionsToBeWrittenAgain() {
        EntityManager em = orm.fork();
        Author author = flushedLibrary(em, 1).get(0);
        Book book = author.getBooks().getItems().get(0);
        Tag clash = new Tag("tag 0");
        book.getTags().add(clash);
        em.persist(clash);

        assertThatThrownBy(() -> await(em.flush())).isInstanceOf(OrmException.class);
        assertThat(joinRows()).isEqualTo(30);

        clash.setName("tag 99");
        await(em.flush());
        assertThat(joinRows()).isEqualTo(31);
        assertThat(sqlCount("SELECT COUNT(*) FROM %s WHERE %s = " + book.getId(), "rel_book_tags", "book_id")).isEqualTo(4);
    }

    /** An author with two flushed books, read back in a fresh fork with its books loaded. */
    private Author authorWithTwoBooks(EntityManager em) {
        Author author = await(em.findOne(Query.of(Author.class).where(Filter.eq("id", authorWithTwoBooksWritten())).populate("books")));
        log.clear();
        return author;
    }

    @Test
    void anOrphanPutBackAfterAFailedFlushIsNotDeletedByTheRetry() {
        EntityManager em = orm.fork();
        Author author = authorWithTwoBooks(em);
        Book earthsea = author.getBooks().getItems().get(0);
        author.getBooks().remove(earthsea);
        Tag duplicate = duplicateTag(em);

        assertThatThrownBy(() -> await(em.flush())).isInstanceOf(OrmException.class).hasMessageContaining("Tag");

        assertThat(em.contains(earthsea)).as("the orphan the failed flush removed is managed again").isTrue();
        em.remove(duplicate);
        author.getBooks().add(earthsea);
        await(em.flush());

        assertThat(sqlCount("SELECT COUNT(*) FROM %s WHERE %s = " + author.getId(), "rel_book", "author_id")).isEqualTo(2);
        assertThat(log.count("DELETE")).as(log.events().toString()).isZero();
        assertThat(author.getBooks().getItems()).contains(earthsea).hasSize(2);
    }

    @Test
    void aNewElementTakenOutAfterAFailedFlushIsNotInsertedByTheRetry() {
        EntityManager em = orm.fork();
        Author author = authorWithTwoBooks(em);
        Book draft = new Book("Draft", null);
        author.getBooks().add(draft);
        Tag duplicate = duplicateTag(em);

        assertThatThrownBy(() -> await(em.flush())).isInstanceOf(OrmException.class).hasMessageContaining("Tag");

        assertThat(em.contains(draft)).as("the failed flush's cascade PERSIST is taken back").isFalse();
        em.remove(duplicate);
        author.getBooks().remove(draft);
        await(em.flush());

        assertThat(sqlCount("SELECT COUNT(*) FROM %s", "rel_book")).isEqualTo(2);
        assertThat(sqlCount("SELECT COUNT(*) FROM %s", "rel_tag")).isEqualTo(1);
    }

    @Test
    void aFailedFlushTakesBackTheRemovalsItCascadedAndTheCollectionsTheyLeft() {
        EntityManager writer = orm.fork();
        Author written = library(writer, 1).get(0);
        await(writer.flush());
        EntityManager em = orm.fork();
        Author author = await(em.findOne(Query.of(Author.class).where(Filter.eq("id", written.getId())).populate("books.tags")));
        Book orphan = author.getBooks().getItems().get(0);
        List<Tag> itsTags = List.copyOf(orphan.getTags().getItems());
        await(em.populateAll(itsTags, "books"));
        author.getBooks().remove(orphan);
        em.persist(new Tag("taken"));
        em.persist(new Tag("taken"));

        assertThatThrownBy(() -> await(em.flush())).isInstanceOf(OrmException.class);

        assertThat(em.contains(orphan)).isTrue();
        assertThat(itsTags).isNotEmpty().allSatisfy(tag -> assertThat(tag.getBooks().contains(orphan))
                .as("the orphan is back in the loaded books of " + tag.getName()).isTrue());
    }

    @Test
    void anEntityWithAGeneratedIdFromAnotherForkIsNeverInsertedAgain() {
        EntityManager setup = orm.fork();
        Publisher publisher = setup.persist(new Publisher("Ace"));
        Author author = setup.persist(new Author("Vance", null));
        await(setup.flush());
        Publisher otherForks = await(orm.fork().findOne(Publisher.class, publisher.getId()));
        Author otherForksAuthor = await(orm.fork().findOne(Author.class, author.getId()));
        EntityManager em = orm.fork();
        em.persist(new Author("Wolfe", otherForks));
        log.clear();

        assertThatThrownBy(() -> await(em.flush())).isInstanceOf(OrmException.class)
                .hasMessageContaining("RO-3014").hasMessageContaining("Cannot flush Author (new)")
                .hasMessageContaining("relation 'publisher' refers to Publisher " + publisher.getId())
                .hasMessageContaining("em.getReference(Publisher.class, " + publisher.getId() + ")");
        assertThat(log.size()).as("nothing sent").isZero();

        EntityManager other = orm.fork();
        other.persist(new Book("Third", otherForksAuthor));
        assertThatThrownBy(() -> await(other.flush())).isInstanceOf(OrmException.class)
                .hasMessageContaining("RO-3014").hasMessageContaining("relation 'author' refers to Author " + author.getId());

        EntityManager fixed = orm.fork();
        fixed.persist(new Book("Third", fixed.getReference(Author.class, author.getId())));
        await(fixed.flush());
        assertThat(sqlCount("SELECT COUNT(*) FROM %s", "rel_publisher")).isEqualTo(1);
        assertThat(sqlCount("SELECT COUNT(*) FROM %s WHERE %s = " + author.getId(), "rel_book", "author_id")).isEqualTo(1);
    }

    @Test
    void aNewElementReachedThroughACascadeIsPersistedWhateverThePersistOrder() {
        EntityManager em = orm.fork();
        Author author = new Author("A", null);
        Book book = new Book("B", null);
        author.getBooks().add(book);
        Tag tag = new Tag("t");
        tag.getBooks().add(book);
        // the tag's inverse side does not cascade; the author's books do, and the author comes second
        em.persist(tag);
        em.persist(author);

        await(em.flush());

        assertThat(sqlCount("SELECT COUNT(*) FROM %s", "rel_book")).isEqualTo(1);
        assertThat(joinRows()).isEqualTo(1);
    }

    @Test
    void aBookMovedToAnotherAuthorAcrossAQueryIsNoOrphan() {
        EntityManager writer = orm.fork();
        List<Author> written = library(writer, 2);
        await(writer.flush());
        EntityManager em = orm.fork();
        Author from = await(em.populate(await(em.findOne(Author.class, written.get(0).getId())), "books"));
        Book moved = from.getBooks().getItems().get(0);

        from.getBooks().remove(moved);
        Author to = await(em.findOne(Author.class, written.get(1).getId()));
        await(em.populate(to, "books"));
        to.getBooks().add(moved);
        await(em.flush());

        assertThat(em.contains(moved)).isTrue();
        assertThat(sqlCount("SELECT COUNT(*) FROM %s WHERE %s = " + to.getId(), "rel_book", "author_id")).isEqualTo(11);
        assertThat(sqlCount("SELECT COUNT(*) FROM %s", "rel_book")).isEqualTo(20);
    }

    @Test
    void persistingARemovedEntityAgainUndoesTheRemovalAndItsCascades() {
        EntityManager em = orm.fork();
        List<Author> authors = flushedLibrary(em, 2);
        Book book = authors.get(0).getBooks().getItems().get(0);
        Author author = authors.get(1);
        log.clear();

        em.remove(book);
        em.persist(book);
        em.remove(author);
        em.persist(author);

        assertThat(authors.get(0).getBooks().contains(book)).isTrue();
        assertThat(author.getBooks().size()).isEqualTo(10);
        await(em.flush());
        assertThat(log.size()).as("nothing to write").isZero();
        assertThat(sqlCount("SELECT COUNT(*) FROM %s", "rel_book")).isEqualTo(20);
    }

    @Test
    void anOrphanWhoseCascadingCollectionWasNeverLoadedTakesItsElementsAlong() {
        EntityManager writer = orm.fork();
        Shelf written = writer.persist(new Shelf("shelf"));
        Box box = new Box("box");
        written.getBoxes().add(box);
        box.getItems().add(new Item("item 1"), new Item("item 2"));
        await(writer.flush());
        EntityManager em = orm.fork();
        Shelf shelf = await(em.populate(await(em.findOne(Shelf.class, written.getId())), "boxes"));
        log.clear();

        shelf.getBoxes().remove(shelf.getBoxes().getItems().get(0));
        await(em.flush());

        assertThat(log.sql("SELECT")).singleElement().satisfies(sql -> assertThat(sql).contains("rel_item"));
        assertThat(log.sql("DELETE")).hasSize(2);
        assertThat(log.sql("DELETE").get(0)).contains("rel_item");
        assertThat(log.sql("DELETE").get(1)).contains("rel_box");
        assertThat(sqlCount("SELECT COUNT(*) FROM %s", "rel_box")).isZero();
    }

    @Test
    void aRemovedTagLeavesTheLoadedTagsOfBooksEvenWhenItsOwnBooksWereNotLoaded() {
        EntityManager writer = orm.fork();
        Book written = library(writer, 1).get(0).getBooks().getItems().get(0);
        await(writer.flush());
        EntityManager em = orm.fork();
        Book book = await(em.populate(await(em.findOne(Book.class, written.getId())), "tags"));
        Tag tag = book.getTags().getItems().get(0);
        assertThat(tag.getBooks().isInitialized()).isFalse();

        em.remove(tag);
        await(em.flush());

        assertThat(book.getTags().contains(tag)).isFalse();
        assertThat(book.getTags().size()).isEqualTo(2);
        log.clear();
        await(em.flush());
        assertThat(log.size()).isZero();
    }

    @Test
    void refreshDiscardsUnflushedCollectionChanges() {
        EntityManager writer = orm.fork();
        Author written = library(writer, 1).get(0);
        await(writer.flush());
        EntityManager em = orm.fork();
        Author author = await(em.populate(await(em.findOne(Author.class, written.getId())), "books"));
        author.getBooks().add(new Book("never written", null));

        await(em.refresh(author));

        assertThat(author.getBooks().isInitialized()).isFalse();
        log.clear();
        await(em.flush());
        assertThat(log.size()).isZero();
        assertThat(await(author.getBooks().load()).size()).isEqualTo(10);
    }

    @Test
    void populatingTheOwningSideKeepsALinkAStaleLoadedInverseSideDoesNotKnow() {
        EntityManager writer = orm.fork();
        List<Author> written = library(writer, 1);
        await(writer.flush());
        Tag writtenTag = written.get(0).getBooks().getItems().get(0).getTags().getItems().get(0);
        Book untagged = written.get(0).getBooks().getItems().stream()
                .filter(b -> !b.getTags().contains(writtenTag)).findFirst().orElseThrow();
        EntityManager em = orm.fork();
        Tag tag = await(em.populate(await(em.findOne(Tag.class, writtenTag.getId())), "books"));
        untagged.getTags().add(writtenTag);
        await(writer.flush());

        Book book = await(em.populate(await(em.findOne(Book.class, untagged.getId())), "tags"));
        log.clear();
        await(em.flush());

        assertThat(book.getTags().contains(tag)).isTrue();
        assertThat(log.count("DELETE")).isZero();
        assertThat(sqlCount("SELECT COUNT(*) FROM %s WHERE %s = " + book.getId() + " AND %s = " + tag.getId(),
                "rel_book_tags", "book_id", "tag_id")).isEqualTo(1);
    }

    /** A book taken out of its author's books (an orphan), then the author removed: one flush deletes all ten. */
    @Test
    void anOrphanTakenOutBeforeItsOwnerIsRemovedIsDeletedWithTheOtherBooks() {
        EntityManager em = orm.fork();
        Author author = flushedLibrary(em, 1).get(0);
        Book orphan = author.getBooks().getItems().get(0);
        log.clear();

        author.getBooks().remove(orphan);
        em.remove(author);
        await(em.flush());

        assertThat(sqlCount("SELECT COUNT(*) FROM %s", "rel_book")).as("every book of the removed author is deleted, the orphan included").isZero();
        assertThat(sqlCount("SELECT COUNT(*) FROM %s", "rel_author")).isZero();
        assertThat(em.contains(orphan)).isFalse();
    }

    /** The same with a nullable back reference (Box.shelf), where a missed orphan would stay as a row without shelf. */
    @Test
    void anOrphanBoxTakenOutBeforeItsShelfIsRemovedIsDeleted() {
        EntityManager em = orm.fork();
        Shelf shelf = em.persist(new Shelf("shelf"));
        Box kept = new Box("kept");
        Box orphan = new Box("orphan");
        shelf.getBoxes().add(kept, orphan);
        orphan.getItems().add(new Item("i1"), new Item("i2"));
        await(em.flush());

        shelf.getBoxes().remove(orphan);
        em.remove(shelf);
        await(em.flush());

        assertThat(sqlCount("SELECT COUNT(*) FROM %s", "rel_shelf")).isZero();
        assertThat(sqlCount("SELECT COUNT(*) FROM %s", "rel_box")).as("boxes left").isZero();
        assertThat(sqlCount("SELECT COUNT(*) FROM %s", "rel_item")).as("items left").isZero();
        assertThat(em.contains(orphan)).isFalse();
    }

    /**
     * A book reassigned to another author with {@code setAuthor} and its old author removed in the same
     * flush: the cascade REMOVE must not reach a book that no longer belongs to the removed author (the
     * orphan pass and the flush-time loader of an unloaded collection both check the back reference).
     */
    @Test
    void removingAnAuthorDoesNotDeleteABookReassignedToAnotherAuthorWithSetAuthor() {
        EntityManager em = orm.fork();
        List<Author> authors = flushedLibrary(em, 2);
        Author old = authors.get(0);
        Author other = authors.get(1);
        Book moved = old.getBooks().getItems().get(0);
        log.clear();

        moved.setAuthor(other);
        em.remove(old);
        await(em.flush());

        assertThat(em.contains(moved)).as("the moved book is still managed").isTrue();
        assertThat(sqlCount("SELECT COUNT(*) FROM %s WHERE %s = " + moved.getId(), "rel_book", "id"))
                .as("the moved book's row").isEqualTo(1);
        assertThat(sqlCount("SELECT COUNT(*) FROM %s WHERE %s = " + other.getId(), "rel_book", "author_id")).isEqualTo(11);
    }

    /** The same, with the old author's books never loaded: works (the loader checks the back reference). */
    @Test
    void removingAnAuthorWhoseBooksWereNotLoadedKeepsABookReassignedWithSetAuthor() {
        EntityManager writer = orm.fork();
        List<Author> authors = library(writer, 2);
        await(writer.flush());
        EntityManager em = orm.fork();
        Author old = await(em.findOne(Author.class, authors.get(0).getId()));
        Author other = await(em.findOne(Author.class, authors.get(1).getId()));
        Book moved = await(em.findOne(Book.class, authors.get(0).getBooks().getItems().get(0).getId()));

        moved.setAuthor(other);
        em.remove(old);
        await(em.flush());

        assertThat(em.contains(moved)).isTrue();
        assertThat(sqlCount("SELECT COUNT(*) FROM %s WHERE %s = " + other.getId(), "rel_book", "author_id")).isEqualTo(11);
    }

    /**
     * A book deleted by a flush and persisted again is inserted again (same instance, same id) with the
     * links its tags collection still lists.
     */
    @Test
    void aBookDeletedByAFlushAndPersistedAgainGetsItsJoinRowsBack() {
        EntityManager em = orm.fork();
        Author author = flushedLibrary(em, 1).get(0);
        Book book = author.getBooks().getItems().get(0);
        assertThat(sqlCount("SELECT COUNT(*) FROM %s WHERE %s = " + book.getId(), "rel_book_tags", "book_id")).isEqualTo(3);

        em.remove(book);
        await(em.flush());
        assertThat(sqlCount("SELECT COUNT(*) FROM %s WHERE %s = " + book.getId(), "rel_book_tags", "book_id")).isZero();
        assertThat(book.getTags().size()).as("the instance still lists its tags").isEqualTo(3);

        em.persist(book);
        log.clear();
        await(em.flush());

        assertThat(sqlCount("SELECT COUNT(*) FROM %s WHERE %s = " + book.getId(), "rel_book", "id")).isEqualTo(1);
        assertThat(sqlCount("SELECT COUNT(*) FROM %s WHERE %s = " + book.getId(), "rel_book_tags", "book_id")).as("join rows of the re-persisted book; statements: " + log.events()).isEqualTo(3);
    }

    /**
     * {@code addAll} on the inverse side of a many-to-many where one element's owning side is not
     * loaded fails with RO-3012 before anything changes, on either side.
     */
    @Test
    void addAllOnTheInverseSideChangesNothingWhenOneOwningSideIsNotLoaded() {
        EntityManager writer = orm.fork();
        List<Book> written = library(writer, 1).get(0).getBooks().getItems();
        await(writer.flush());
        EntityManager em = orm.fork();
        Book loaded = await(em.populate(await(em.findOne(Book.class, written.get(0).getId())), "tags"));
        Book notLoaded = await(em.findOne(Book.class, written.get(1).getId()));
        Tag tag = em.persist(new Tag("new"));

        assertThatThrownBy(() -> tag.getBooks().addAll(List.of(loaded, notLoaded))).hasMessageContaining("RO-3012");

        assertThat(tag.getBooks().isEmpty()).as("nothing added to tag.books").isTrue();
        assertThat(loaded.getTags().contains(tag)).as("nothing added to book.tags").isFalse();
    }

    /**
     * A book removed on its own, then its author removed and persisted again (cancelling the author's
     * removal): the book's own removal was not a cascade of the author's and must stand.
     */
    @Test
    void persistingARemovedAuthorAgainDoesNotReviveABookRemovedOnItsOwn() {
        EntityManager em = orm.fork();
        Author author = flushedLibrary(em, 1).get(0);
        Book doomed = author.getBooks().getItems().get(0);
        log.clear();

        em.remove(doomed);
        em.remove(author);
        em.persist(author);

        assertThat(em.contains(doomed)).as("the book removed on its own stays removed").isFalse();
        await(em.flush());
        assertThat(sqlCount("SELECT COUNT(*) FROM %s", "rel_book")).isEqualTo(9);
    }
}
