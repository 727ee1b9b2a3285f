package io.reactiveorm.tests.schema;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

/** {@link CounterV2} with a larger allocation size: a schema update must raise the sequence's increment to it. */
@Entity
@Table(name = "schema_counter")
public class CounterV3 {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE)
    @SequenceGenerator(name = "schema_counter_seq", sequenceName = "schema_counter_seq", allocationSize = 200)
    private Long id;

    private String label;

    protected CounterV3() {
    }

    public CounterV3(String label) {
        this.label = label;
    }

    public Long getId() {
        return id;
    }
}
