package io.reactiveorm.tests.relations;

import io.reactiveorm.EntityCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

/** A tree like Category, but with SEQUENCE ids: a nullable self-reference. */
@Entity
@Table(name = "rel_node")
public class Node {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE)
    @SequenceGenerator(name = "rel_node_seq", sequenceName = "rel_node_seq", allocationSize = 50)
    private Long id;

    private String name;

    @ManyToOne
    private Node parent;

    @OneToMany(mappedBy = "parent")
    private final EntityCollection<Node> children = new EntityCollection<>(this);

    protected Node() {
    }

    public Node(String name) {
        this.name = name;
    }

    public Long getId() {
        return id;
    }

    public Node getParent() {
        return parent;
    }

    public void setParent(Node parent) {
        this.parent = parent;
    }

    public EntityCollection<Node> getChildren() {
        return children;
    }
}
