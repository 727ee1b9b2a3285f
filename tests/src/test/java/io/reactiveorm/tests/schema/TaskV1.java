package io.reactiveorm.tests.schema;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A task with a title only: the older schema of {@link TaskV2}'s table. */
@Entity
@Table(name = "schema_task")
public class TaskV1 {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private String title;

    protected TaskV1() {
    }

    public TaskV1(String title) {
        this.title = title;
    }

    public Long getId() {
        return id;
    }
}
