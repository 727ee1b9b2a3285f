package io.reactiveorm.tests.relations;

import io.reactiveorm.EntityCollection;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.Table;

/** An author with a nullable, cascading relation to its publisher and its books, which are cascaded and removed as orphans. */
@Entity
@Table(name = "rel_author")
public class Author {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private String name;

    /** A FLOAT: on MariaDB selected widened, which the joined strategy's derived table of roots reads by name. */
    private Float rating;

    @ManyToOne(cascade = CascadeType.PERSIST)
    private Publisher publisher;

    @OneToMany(mappedBy = "author", cascade = CascadeType.ALL, orphanRemoval = true)
    private final EntityCollection<Book> books = new EntityCollection<>(this);

    protected Author() {
    }

    public Author(String name, Publisher publisher) {
        this.name = name;
        this.publisher = publisher;
    }

    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public Float getRating() {
        return rating;
    }

    public void setRating(Float rating) {
        this.rating = rating;
    }

    public Publisher getPublisher() {
        return publisher;
    }

    public EntityCollection<Book> getBooks() {
        return books;
    }

    public void setPublisher(Publisher publisher) {
        this.publisher = publisher;
    }
}
