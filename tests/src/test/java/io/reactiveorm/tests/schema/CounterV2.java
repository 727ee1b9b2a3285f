package io.reactiveorm.tests.schema;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

/** {@link CounterV1}'s table after its ids moved to a pooled sequence, which a schema update must create. */
@Entity
@Table(name = "schema_counter")
public class CounterV2 {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE)
    @SequenceGenerator(name = "schema_counter_seq", sequenceName = "schema_counter_seq", allocationSize = 50)
    private Long id;

    private String label;

    protected CounterV2() {
    }

    public CounterV2(String label) {
        this.label = label;
    }

    public Long getId() {
        return id;
    }
}
