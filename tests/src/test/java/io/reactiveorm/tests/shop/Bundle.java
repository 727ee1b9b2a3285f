package io.reactiveorm.tests.shop;

import io.reactiveorm.EntityCollection;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.Table;

@Entity
@Table(name = "shop_bundle")
public class Bundle {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    private String name;
    @ManyToMany(cascade = CascadeType.PERSIST)
    private final EntityCollection<Product> products = new EntityCollection<>(this);

    protected Bundle() {
    }

    public Bundle(String name) {
        this.name = name;
    }

    public Long getId() { return id; }
    public EntityCollection<Product> getProducts() { return products; }
}
