package io.reactiveorm.tests.shop;

import io.reactiveorm.EntityCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.Table;

/** Table of 37 characters; its default-named join table has 64 (MariaDB allows 64), its foreign key names 84 and 80, equal in their first 63. */
@Entity
@Table(name = "subscription_invoice_line_adjustments")
public class Adjustment {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    private String reason;
    @ManyToMany
    private final EntityCollection<Friend> approvingAccountManagers = new EntityCollection<>(this);
}
