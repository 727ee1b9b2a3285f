package io.reactiveorm.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * One row of table {@code bench_author} as the raw contenders hold it, with the books hand-written
 * code grouped under it: plain mutable fields, so mapping costs what hand-written code costs.
 *
 * <p>Thread-safety: none; each instance belongs to one workload run.
 */
final class Author implements LoadedAuthor {

    long id;
    String name;
    final List<Book> books = new ArrayList<>(SampleData.BOOKS_PER_AUTHOR);

    /** Author {@code a} of {@link SampleData} with its books, not yet inserted (ids 0). */
    static Author sample(int a) {
        Author author = new Author();
        author.name = SampleData.authorName(a);
        for (int k = 0; k < SampleData.BOOKS_PER_AUTHOR; k++) {
            Book book = new Book();
            book.title = SampleData.bookTitle(a, k);
            author.books.add(book);
        }
        return author;
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<String> bookTitles() {
        return books.stream().map(book -> book.title).toList();
    }
}
