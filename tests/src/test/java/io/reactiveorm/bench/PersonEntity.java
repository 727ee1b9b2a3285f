package io.reactiveorm.bench;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** Table {@code person} as the ORM contender maps it: an ordinary entity with a database-generated id. */
@Entity
@Table(name = "person")
public class PersonEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private String name;

    private String email;

    private int age;

    @Column(name = "created_at")
    private Instant createdAt;

    protected PersonEntity() {
    }

    PersonEntity(int i) {
        this.name = SampleData.name(i);
        this.email = SampleData.email(i);
        this.age = SampleData.age(i);
        this.createdAt = SampleData.createdAt(i);
    }

    Long getId() {
        return id;
    }

    int getAge() {
        return age;
    }

    void setAge(int age) {
        this.age = age;
    }
}
