package io.reactiveorm.tests.shop;

import io.reactiveorm.EntityCollection;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.Table;

@Entity
@Table(name = "shop_order")
public class PurchaseOrder {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    private String name;
    @OneToMany(mappedBy = "order", cascade = CascadeType.ALL)
    private final EntityCollection<OrderLine> lines = new EntityCollection<>(this);

    protected PurchaseOrder() {
    }

    public PurchaseOrder(String name) {
        this.name = name;
    }

    public Long getId() { return id; }
    public EntityCollection<OrderLine> getLines() { return lines; }
}
