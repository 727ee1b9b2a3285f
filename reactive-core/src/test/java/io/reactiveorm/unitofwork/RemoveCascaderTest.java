package io.reactiveorm.unitofwork;

import io.reactiveorm.EntityCollection;
import io.reactiveorm.metadata.EntityMetadata;
import io.reactiveorm.metadata.Metadata;
import io.reactiveorm.metadata.NamingStrategy;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Persisting a removed entity again takes back the removals its own removal cascaded to, and only those:
 * an element removed on its own, or with another owner, stays removed.
 */
class RemoveCascaderTest {

    @Entity
    static class Author {
        @Id
        Long id;
        @OneToMany(mappedBy = "author", cascade = CascadeType.ALL)
        final EntityCollection<Book> books = new EntityCollection<>(this);

        Author(long id) {
            this.id = id;
        }

        Author() {
        }
    }

    @Entity
    static class Book {
        @Id
        Long id;
        @ManyToOne
        Author author;
        @OneToMany(mappedBy = "book", cascade = CascadeType.ALL)
        final EntityCollection<Chapter> chapters = new EntityCollection<>(this);

        Book(long id) {
            this.id = id;
        }

        Book() {
        }
    }

    @Entity
    static class Chapter {
        @Id
        Long id;
        @ManyToOne
        Book book;

        Chapter(long id) {
            this.id = id;
        }

        Chapter() {
        }
    }

    private final Metadata metadata = Metadata.discover(List.of(Author.class, Book.class, Chapter.class), NamingStrategy.snakeCase());
    private final EntityMetadata<Author> authors = metadata.get(Author.class);
    private final EntityMetadata<Book> books = metadata.get(Book.class);
    private final UnitOfWork uow = new UnitOfWork(null);

    /** A managed author (inserted by a flush) with {@code count} books of one chapter each. */
    private Author flushedAuthor(long id, int count) {
        Author author = new Author(id);
        for (int i = 0; i < count; i++) {
            Book book = new Book(id * 1_000_000 + i);
            author.books.add(book);
            book.chapters.add(new Chapter(book.id));
        }
        uow.persist(authors, author);
        uow.beginFlush();
        uow.apply(uow.computeFlushPlan());
        return author;
    }

    /**
     * An author with 10,000 books is removed next to another author's 10,000 removed books, then persisted
     * again: its books (but the one removed on its own before) and their chapters come back, in their order;
     * each book finds the chapters its removal took without a search of all 40,000 removed entries.
     */
    @Test
    void persistingARemovedAuthorAgainRevivesWhatItsRemovalTookInOrderAndNothingElse() {
        Author author = flushedAuthor(1, 10_000);
        Author other = flushedAuthor(2, 10_000);
        List<Book> written = new ArrayList<>(author.books.getItems());
        Book removedAlone = written.get(5_000);
        Chapter removedWithIt = removedAlone.chapters.getItems().get(0);
        uow.remove(books, removedAlone);
        uow.remove(authors, other);
        uow.remove(authors, author);
        assertThat(author.books.isEmpty()).as("the removed books left the loaded collection").isTrue();

        uow.persist(authors, author);

        List<Book> revived = new ArrayList<>(written);
        revived.remove(removedAlone);
        assertThat(author.books.getItems()).containsExactlyElementsOf(revived);
        assertThat(revived).allSatisfy(book -> {
            assertThat(uow.contains(book)).isTrue();
            assertThat(uow.contains(book.chapters.getItems().get(0))).isTrue();
        });
        assertThat(uow.contains(removedAlone)).as("removed on its own").isFalse();
        assertThat(uow.contains(removedWithIt)).as("removed with the book removed on its own").isFalse();
        assertThat(other.books.getItems()).as("removed with the other author").noneMatch(uow::contains);
        assertThat(uow.removedEntries).hasSize(1 + 1 + 1 + 2 * 10_000);
    }

    /**
     * A book removed with its author, persisted back on its own and removed again on its own no longer counts
     * as taken by the author's removal; nor does one whose removal with the author a failed flush reverted.
     */
    @Test
    void aBookWhoseRemovalWithItsAuthorWasTakenBackStaysRemovedOnItsOwnWhenTheAuthorIsPersistedAgain() {
        Author author = flushedAuthor(1, 3);
        Book first = author.books.getItems().get(0);
        Book second = author.books.getItems().get(1);
        Book third = author.books.getItems().get(2);
        FlushJournal failed = uow.beginFlush();
        uow.remove(authors, author);
        failed.revert();
        assertThat(author.books.getItems()).as("after the revert").containsExactly(first, second, third);
        uow.remove(books, first);

        uow.remove(authors, author);
        uow.persist(books, second);
        uow.remove(books, second);
        uow.persist(authors, author);

        assertThat(author.books.getItems()).containsExactly(third);
        assertThat(uow.contains(first)).isFalse();
        assertThat(uow.contains(second)).isFalse();
        assertThat(uow.contains(third.chapters.getItems().get(0))).isTrue();
    }
}
