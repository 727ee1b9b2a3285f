package io.reactiveorm.tests.shop;

import io.reactiveorm.EntityCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.JoinTable;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.Table;

/** A self-referencing many-to-many (friends) with its inverse side (friendOf). */
@Entity
@Table(name = "shop_friend")
public class Friend {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    private String name;
    @ManyToMany
    @JoinTable(name = "shop_friends", joinColumns = @JoinColumn(name = "person_id"), inverseJoinColumns = @JoinColumn(name = "friend_id"))
    private final EntityCollection<Friend> friends = new EntityCollection<>(this);
    @ManyToMany(mappedBy = "friends")
    private final EntityCollection<Friend> friendOf = new EntityCollection<>(this);

    protected Friend() {
    }

    public Friend(String name) {
        this.name = name;
    }

    public Long getId() { return id; }
    public String getName() { return name; }
    public EntityCollection<Friend> getFriends() { return friends; }
    public EntityCollection<Friend> getFriendOf() { return friendOf; }
}
