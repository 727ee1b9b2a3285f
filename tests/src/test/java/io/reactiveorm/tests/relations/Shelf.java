package io.reactiveorm.tests.relations;

import io.reactiveorm.EntityCollection;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.Table;

/** A shelf whose boxes are removed as orphans; each box cascades to its items. */
@Entity
@Table(name = "rel_shelf")
public class Shelf {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private String name;

    @OneToMany(mappedBy = "shelf", cascade = CascadeType.ALL, orphanRemoval = true)
    private final EntityCollection<Box> boxes = new EntityCollection<>(this);

    protected Shelf() {
    }

    public Shelf(String name) {
        this.name = name;
    }

    public Long getId() {
        return id;
    }

    public EntityCollection<Box> getBoxes() {
        return boxes;
    }
}
