package io.reactiveorm.bench;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** Table {@code bench_book} as the ORM contender maps it: a required author, set by {@link AuthorEntity}'s collection. */
@Entity
@Table(name = "bench_book")
public class BookEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private String title;

    @ManyToOne(optional = false)
    @JoinColumn(name = "author_id", nullable = false)
    private AuthorEntity author;

    protected BookEntity() {
    }

    BookEntity(String title) {
        this.title = title;
    }

    String title() {
        return title;
    }
}
