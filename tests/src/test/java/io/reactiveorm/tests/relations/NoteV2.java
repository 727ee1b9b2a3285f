package io.reactiveorm.tests.relations;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** A note that gained a relation to its author: {@link NoteV1}'s table with one more column. */
@Entity
@Table(name = "rel_note")
public class NoteV2 {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private String text;

    @ManyToOne
    private Author author;

    protected NoteV2() {
    }

    public NoteV2(String text, Author author) {
        this.text = text;
        this.author = author;
    }
}
