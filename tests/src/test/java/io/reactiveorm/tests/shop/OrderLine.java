package io.reactiveorm.tests.shop;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import java.util.Objects;

/** A line whose equals/hashCode use its product code (a non-unique business key), as many codebases do. */
@Entity
@Table(name = "shop_line")
public class OrderLine {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    private String sku;
    private int quantity;
    @ManyToOne
    private PurchaseOrder order;

    protected OrderLine() {
    }

    public OrderLine(String sku, int quantity) {
        this.sku = sku;
        this.quantity = quantity;
    }

    public Long getId() { return id; }
    public int getQuantity() { return quantity; }
    public PurchaseOrder getOrder() { return order; }

    @Override
    public boolean equals(Object o) {
        return o instanceof OrderLine other && Objects.equals(sku, other.sku);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(sku);
    }
}
