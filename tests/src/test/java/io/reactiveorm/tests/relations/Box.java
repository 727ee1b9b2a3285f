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

/** A box on a shelf, holding items it cascades to. */
@Entity
@Table(name = "rel_box")
public class Box {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private String name;

    @ManyToOne
    private Shelf shelf;

    @OneToMany(mappedBy = "box", cascade = CascadeType.ALL)
    private final EntityCollection<Item> items = new EntityCollection<>(this);

    protected Box() {
    }

    public Box(String name) {
        this.name = name;
    }

    public Long getId() {
        return id;
    }

    public EntityCollection<Item> getItems() {
        return items;
    }
}
