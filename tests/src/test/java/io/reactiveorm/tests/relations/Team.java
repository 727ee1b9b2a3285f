package io.reactiveorm.tests.relations;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** Half of a cycle between two types with application-assigned ids: a team's captain (nullable) is one of its members. */
@Entity
@Table(name = "rel_team")
public class Team {

    @Id
    private Long id;

    private String name;

    @ManyToOne
    private Member captain;

    protected Team() {
    }

    public Team(Long id, String name) {
        this.id = id;
        this.name = name;
    }

    public Long getId() {
        return id;
    }

    public Member getCaptain() {
        return captain;
    }

    public void setCaptain(Member captain) {
        this.captain = captain;
    }
}
