package io.reactiveorm.tests.relations;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** The other half of the {@link Team} cycle: a member belongs to a team (required); assigned ids. */
@Entity
@Table(name = "rel_member")
public class Member {

    @Id
    private Long id;

    private String name;

    @ManyToOne
    @JoinColumn(nullable = false)
    private Team team;

    protected Member() {
    }

    public Member(Long id, String name, Team team) {
        this.id = id;
        this.name = name;
        this.team = team;
    }

    public Long getId() {
        return id;
    }

    public Team getTeam() {
        return team;
    }
}
