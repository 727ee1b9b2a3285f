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

/** A tree: a nullable self-reference to the parent category, and the children as its inverse side. */
@Entity
@Table(name = "rel_category")
public class Category {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private String name;

    @ManyToOne(cascade = CascadeType.ALL)
    private Category parent;

    @OneToMany(mappedBy = "parent")
    private final EntityCollection<Category> children = new EntityCollection<>(this);

    protected Category() {
    }

    public Category(String name, Category parent) {
        this.name = name;
        this.parent = parent;
    }

    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public EntityCollection<Category> getChildren() {
        return children;
    }

    public Category getParent() {
        return parent;
    }
}
