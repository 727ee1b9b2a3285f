package io.reactiveorm.tests.schema;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.math.BigDecimal;

/** A decimal of 1,001 digits: more than PostgreSQL's NUMERIC (1,000) and MariaDB's DECIMAL (65) hold, within H2's limit (100,000). */
@Entity
@Table(name = "schema_vast_decimal")
public class VastDecimal {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(precision = 1001)
    private BigDecimal amount;

    protected VastDecimal() {
    }

    public VastDecimal(BigDecimal amount) {
        this.amount = amount;
    }

    public Long getId() {
        return id;
    }

    public BigDecimal getAmount() {
        return amount;
    }
}
