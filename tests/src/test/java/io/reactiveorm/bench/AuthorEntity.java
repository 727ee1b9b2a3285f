package io.reactiveorm.bench;

import io.reactiveorm.EntityCollection;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.Table;
import java.util.List;

/** Table {@code bench_author} as the ORM contender maps it: its books a cascading one-to-many. */
@Entity
@Table(name = "bench_author")
public class AuthorEntity implements LoadedAuthor {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private String name;

    @OneToMany(mappedBy = "author", cascade = CascadeType.ALL)
    private final EntityCollection<BookEntity> books = new EntityCollection<>(this);

    protected AuthorEntity() {
    }

    /** Author {@code a} of {@link SampleData} with its books, added through the collection (which sets their author). */
    AuthorEntity(int a) {
        this.name = SampleData.authorName(a);
        for (int k = 0; k < SampleData.BOOKS_PER_AUTHOR; k++) {
            books.add(new BookEntity(SampleData.bookTitle(a, k)));
        }
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
        return books.stream().map(BookEntity::title).toList();
    }
}
