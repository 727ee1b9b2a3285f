package io.reactiveorm.demo;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;

import java.time.Instant;

/** A stock change of a product: ids from a pooled sequence, an enum stored by name. */
@Entity
public class StockMovement {

    public enum Kind { RECEIVED, SOLD }

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE)
    @SequenceGenerator(name = "movement_seq", sequenceName = "movement_seq", allocationSize = 100)
    private Long id;

    private Long productId;

    @Enumerated(EnumType.STRING)
    private Kind kind;

    private int quantity;

    private Instant at;

    protected StockMovement() {
    }

    public StockMovement(Long productId, Kind kind, int quantity, Instant at) {
        this.productId = productId;
        this.kind = kind;
        this.quantity = quantity;
        this.at = at;
    }
}
