package io.reactiveorm.tests.schema;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.math.BigDecimal;

/** A decimal of 70 digits: more than MariaDB's and MySQL's DECIMAL holds (65), within PostgreSQL's and H2's limits. */
@Entity
@Table(name = "schema_wide_decimal")
public class WideDecimal {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(precision = 70, scale = 2)
    private BigDecimal amount;

    protected WideDecimal() {
    }

    public WideDecimal(BigDecimal amount) {
        this.amount = amount;
    }

    public Long getId() {
        return id;
    }

    public BigDecimal getAmount() {
        return amount;
    }
}
