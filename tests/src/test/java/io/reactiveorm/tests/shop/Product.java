package io.reactiveorm.tests.shop;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.util.Objects;

/** A product whose equals/hashCode use a non-unique field (its model name). */
@Entity
@Table(name = "shop_product")
public class Product {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    private String model;

    protected Product() {
    }

    public Product(String model) {
        this.model = model;
    }

    public Long getId() { return id; }

    @Override
    public boolean equals(Object o) {
        return o instanceof Product other && Objects.equals(model, other.model);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(model);
    }
}
