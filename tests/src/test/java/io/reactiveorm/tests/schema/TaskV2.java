package io.reactiveorm.tests.schema;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** {@link TaskV1}'s table after two primitive properties were added: their columns are NOT NULL. */
@Entity
@Table(name = "schema_task")
public class TaskV2 {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private String title;

    private int priority;

    private boolean done;

    protected TaskV2() {
    }

    public String getTitle() {
        return title;
    }

    public int getPriority() {
        return priority;
    }

    public boolean isDone() {
        return done;
    }
}
