package io.reactiveorm.tests.schema;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.math.BigDecimal;

/** A decimal with 39 decimals: more than MariaDB's DECIMAL holds (38; MySQL 30), within PostgreSQL's and H2's limits. */
@Entity
@Table(name = "schema_fine_decimal")
public class FineDecimal {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(precision = 65, scale = 39)
    private BigDecimal amount;

    protected FineDecimal() {
    }

    public FineDecimal(BigDecimal amount) {
        this.amount = amount;
    }

    public Long getId() {
        return id;
    }

    public BigDecimal getAmount() {
        return amount;
    }
}
