package io.reactiveorm.tests.relations;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** An item in a box: a required foreign key, so the box cannot be deleted before it. */
@Entity
@Table(name = "rel_item")
public class Item {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private String name;

    @ManyToOne
    @JoinColumn(name = "box_id", nullable = false)
    private Box box;

    protected Item() {
    }

    public Item(String name) {
        this.name = name;
    }
}
