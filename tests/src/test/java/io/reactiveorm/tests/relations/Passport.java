package io.reactiveorm.tests.relations;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OneToOne;
import jakarta.persistence.Table;

/** The owning side of a one-to-one: a unique, required holder_id. */
@Entity
@Table(name = "rel_passport")
public class Passport {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private String number;

    @OneToOne
    @JoinColumn(name = "holder_id", nullable = false)
    private Citizen holder;

    protected Passport() {
    }

    public Passport(String number, Citizen holder) {
        this.number = number;
        this.holder = holder;
    }

    public Long getId() {
        return id;
    }

    public String getNumber() {
        return number;
    }

    public Citizen getHolder() {
        return holder;
    }
}
