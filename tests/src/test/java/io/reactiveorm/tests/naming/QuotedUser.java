package io.reactiveorm.tests.naming;

import io.reactiveorm.EntityCollection;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.Table;

@Entity
@Table(name = "user")
public class QuotedUser {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "Key")
    private String key;

    @OneToMany(mappedBy = "user")
    private final EntityCollection<QuotedOrder> orders = new EntityCollection<>(this);

    protected QuotedUser() {
    }

    public QuotedUser(String key) {
        this.key = key;
    }

    public Long getId() { return id; }
    public String getKey() { return key; }
    public void setKey(String key) { this.key = key; }
    public EntityCollection<QuotedOrder> getOrders() { return orders; }
}
