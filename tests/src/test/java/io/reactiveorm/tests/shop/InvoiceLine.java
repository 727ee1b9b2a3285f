package io.reactiveorm.tests.shop;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** Table of 25 characters, a to-one whose default column has 41: its foreign key name fk_<table>_<column> has 70. */
@Entity
@Table(name = "subscription_invoice_line")
public class InvoiceLine {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @ManyToOne
    private Friend responsibleAccountManagerSubstitute;
}
