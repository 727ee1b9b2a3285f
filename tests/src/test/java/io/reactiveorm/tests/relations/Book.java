package io.reactiveorm.tests.relations;

import io.reactiveorm.EntityCollection;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.JoinTable;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** A book whose required author is not cascaded (a new author must be persisted), owning its tags (many-to-many). */
@Entity
@Table(name = "rel_book")
public class Book {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private String title;

    @ManyToOne
    @JoinColumn(name = "author_id", nullable = false)
    private Author author;

    @ManyToMany(cascade = CascadeType.PERSIST)
    @JoinTable(name = "rel_book_tags")
    private final EntityCollection<Tag> tags = new EntityCollection<>(this);

    protected Book() {
    }

    public Book(String title, Author author) {
        this.title = title;
        this.author = author;
    }

    public Long getId() {
        return id;
    }

    public String getTitle() {
        return title;
    }

    public void setTitle(String title) {
        this.title = title;
    }

    public Author getAuthor() {
        return author;
    }

    public EntityCollection<Tag> getTags() {
        return tags;
    }

    public void setAuthor(Author author) {
        this.author = author;
    }
}
