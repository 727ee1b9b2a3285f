package io.reactiveorm.tests.schema;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A counter whose ids come from IDENTITY: the older schema of {@link CounterV2}'s table. */
@Entity
@Table(name = "schema_counter")
public class CounterV1 {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private String label;

    protected CounterV1() {
    }

    public CounterV1(String label) {
        this.label = label;
    }

    public Long getId() {
        return id;
    }
}
