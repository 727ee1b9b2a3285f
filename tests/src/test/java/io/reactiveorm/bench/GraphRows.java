package io.reactiveorm.bench;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Maps rows of {@link #AUTHOR_COLUMNS} into {@link Author} and rows of {@link #BOOK_COLUMNS} into
 * {@link Book}s grouped under their author; by index, as hand-written code that knows its own
 * SELECT would.
 *
 * <p>Thread-safety: stateless.
 */
final class GraphRows {

    /** The select list of authors; {@link #authors} relies on its order. */
    static final String AUTHOR_COLUMNS = "id, name";
    /** The select list of books; {@link #addBooks} relies on its order. */
    static final String BOOK_COLUMNS = "id, author_id, title";

    private GraphRows() {
    }

    /** Executes a query of authors and maps every row; their book lists stay empty. */
    static Mono<List<Author>> authors(Statement query) {
        return Flux.from(query.execute())
                .flatMap(result -> result.map((row, metadata) -> {
                    Author author = new Author();
                    author.id = row.get(0, Long.class);
                    author.name = row.get(1, String.class);
                    return author;
                }))
                .collectList();
    }

    /**
     * Executes a query of books of {@code authors} and adds each book to its author's list; a
     * book of another author signals an {@link IllegalStateException}.
     */
    /** Reads the books of {@code authors} with an {@code IN} list of their ids, one parameter each, into them. */
    static Mono<Void> addBooksOf(Connection connection, ChunkedSql inListQuery, List<Author> authors) {
        Statement statement = connection.createStatement(inListQuery.forRows(authors.size()));
        for (int i = 0; i < authors.size(); i++) {
            statement.bind(i, authors.get(i).id);
        }
        return addBooks(statement, authors);
    }

    static Mono<Void> addBooks(Statement query, List<Author> authors) {
        return Mono.defer(() -> {
            Map<Long, Author> byId = new HashMap<>(authors.size() * 2);
            for (Author author : authors) {
                byId.put(author.id, author);
            }
            return Flux.from(query.execute())
                    .flatMap(result -> result.map((row, metadata) -> {
                        Book book = new Book();
                        book.id = row.get(0, Long.class);
                        book.authorId = row.get(1, Long.class);
                        book.title = row.get(2, String.class);
                        Author author = byId.get(book.authorId);
                        if (author == null) {
                            throw new IllegalStateException("Book " + book.id + " of author " + book.authorId
                                    + " was not asked for");
                        }
                        author.books.add(book);
                        return book;
                    }))
                    .then();
        });
    }

    /** The ids of {@code authors}, in order, for an {@code IN} list or an array parameter. */
    static Long[] ids(List<Author> authors) {
        Long[] ids = new Long[authors.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = authors.get(i).id;
        }
        return ids;
    }
}
