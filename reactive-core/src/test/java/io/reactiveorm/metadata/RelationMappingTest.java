package io.reactiveorm.metadata;

import io.reactiveorm.EntityCollection;
import io.reactiveorm.MappingException;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.JoinTable;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OneToOne;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Collections, inverse sides and join tables as metadata, and the start-up errors naming both ends. */
class RelationMappingTest {

    @Entity
    static class Shelf {
        @Id
        Long id;
        @OneToMany(mappedBy = "shelf", orphanRemoval = true)
        final EntityCollection<Item> items = new EntityCollection<>(this);
        @ManyToMany
        final EntityCollection<Label> labels = new EntityCollection<>(this);
        @OneToOne(mappedBy = "shelf")
        Plate plate;
    }

    @Entity
    static class Item {
        @Id
        Long id;
        @ManyToOne
        Shelf shelf;
    }

    @Entity
    static class Label {
        @Id
        Long id;
        @ManyToMany(mappedBy = "labels")
        final EntityCollection<Shelf> shelves = new EntityCollection<>(this);
    }

    @Entity
    static class Plate {
        @Id
        Long id;
        @OneToOne
        Shelf shelf;
    }

    @Entity
    static class OrphanedPlateShelf {
        @Id
        Long id;
        @OneToOne(mappedBy = "shelf", orphanRemoval = true)
        OrphanPlate plate;
    }

    @Entity
    static class OrphanPlate {
        @Id
        Long id;
        @OneToOne(orphanRemoval = true)
        OrphanedPlateShelf shelf;
    }

    @Entity
    static class WrongMappedBy {
        @Id
        Long id;
        @OneToMany(mappedBy = "owner")
        final EntityCollection<Item> items = new EntityCollection<>(this);
    }

    @Entity
    static class NoMappedBy {
        @Id
        Long id;
        @OneToMany
        final EntityCollection<Item> items = new EntityCollection<>(this);
    }

    @Entity
    static class ListField {
        @Id
        Long id;
        @OneToMany(mappedBy = "shelf")
        List<Item> items;
    }

    @Entity
    static class WrongInverseManyToMany {
        @Id
        Long id;
        @ManyToMany(mappedBy = "shelves")
        final EntityCollection<Label> labels = new EntityCollection<>(this);
    }

    @Entity
    static class Person {
        @Id
        Long id;
        @ManyToMany
        final EntityCollection<Person> friends = new EntityCollection<>(this);
    }

    @Entity
    static class NamedFriends {
        @Id
        Long id;
        @ManyToMany
        @JoinTable(name = "friendship", joinColumns = @JoinColumn(name = "a_id"), inverseJoinColumns = @JoinColumn(name = "b_id"))
        final EntityCollection<NamedFriends> friends = new EntityCollection<>(this);
    }

    @Entity
    static class OneToOneOnManyToOne {
        @Id
        Long id;
        @OneToOne(mappedBy = "holder")
        Card card;
    }

    @Entity
    static class Card {
        @Id
        Long id;
        @ManyToOne
        OneToOneOnManyToOne holder;
    }

    private static Metadata discover(Class<?>... types) {
        return Metadata.discover(List.of(types), NamingStrategy.snakeCase());
    }

    @Test
    void bothSidesAreLinkedAndJoinTablesNamedFromTheOwningSide() {
        Metadata metadata = discover(Shelf.class, Item.class, Label.class, Plate.class);
        EntityMetadata<Shelf> shelf = metadata.get(Shelf.class);

        RelationMetadata items = shelf.findRelation("items");
        assertThat(items.kind()).isEqualTo(RelationSide.Kind.ONE_TO_MANY);
        assertThat(items.inverseToOne()).isSameAs(metadata.get(Item.class).property("shelf"));
        assertThat(items.orphanRemoval()).isTrue();

        RelationMetadata labels = shelf.findRelation("labels");
        assertThat(labels.isOwningManyToMany()).isTrue();
        assertThat(labels.joinTable()).isEqualTo(new JoinTableMetadata("shelf_labels", "shelf_id", "label_id",
                shelf, metadata.get(Label.class)));
        RelationMetadata shelves = metadata.get(Label.class).findRelation("shelves");
        assertThat(shelves.other()).isSameAs(labels);
        assertThat(labels.other()).isSameAs(shelves);
        assertThat(shelves.joinTable()).isEqualTo(labels.joinTable().reversed());
        assertThat(metadata.get(Label.class).joinTables()).containsExactly(labels.joinTable().reversed());

        assertThat(shelf.findRelation("plate").inverseToOne()).isSameAs(metadata.get(Plate.class).property("shelf"));
        assertThat(shelf.properties()).extracting(PropertyMetadata::name).containsExactly("id");
    }

    @Test
    void aSelfReferencingManyToManyNamesItsJoinColumns() {
        assertThatThrownBy(() -> discover(Person.class))
                .isInstanceOf(MappingException.class)
                .hasMessageContaining(Person.class.getName() + ".friends")
                .hasMessageContaining("'person_id'")
                .hasMessageContaining("@JoinTable");
        JoinTableMetadata friendship = discover(NamedFriends.class).get(NamedFriends.class).findRelation("friends").joinTable();
        assertThat(friendship.table()).isEqualTo("friendship");
        assertThat(friendship.ownerColumn()).isEqualTo("a_id");
        assertThat(friendship.targetColumn()).isEqualTo("b_id");
    }

    @Test
    void mismatchedSidesFailNamingBothEnds() {
        assertThatThrownBy(() -> discover(WrongMappedBy.class, Item.class, Shelf.class, Label.class, Plate.class))
                .isInstanceOf(MappingException.class)
                .hasMessageContaining(WrongMappedBy.class.getName() + ".items")
                .hasMessageContaining("Item.owner does not exist")
                .hasMessageContaining("[shelf]");
        assertThatThrownBy(() -> discover(NoMappedBy.class, Item.class, Shelf.class, Label.class, Plate.class))
                .hasMessageContaining(NoMappedBy.class.getName() + ".items")
                .hasMessageContaining("needs mappedBy");
        assertThatThrownBy(() -> discover(Item.class, Shelf.class, Label.class, Plate.class, WrongInverseManyToMany.class))
                .hasMessageContaining(WrongInverseManyToMany.class.getName() + ".labels")
                .hasMessageContaining("Label.shelves is not an owning @ManyToMany");
        assertThatThrownBy(() -> discover(OneToOneOnManyToOne.class, Card.class))
                .hasMessageContaining(OneToOneOnManyToOne.class.getName() + ".card")
                .hasMessageContaining("Card.holder, which is a @ManyToOne");
    }

    @Test
    void aCollectionMustBeAnEntityCollectionOfARegisteredEntity() {
        assertThatThrownBy(() -> discover(OrphanedPlateShelf.class, Plate.class, Shelf.class, Item.class, Label.class))
                .isInstanceOf(MappingException.class)
                .hasMessageContaining(OrphanedPlateShelf.class.getName() + ".plate")
                .hasMessageContaining("orphanRemoval is supported on @OneToMany only");
        assertThatThrownBy(() -> discover(OrphanPlate.class, OrphanedPlateShelf.class))
                .isInstanceOf(MappingException.class)
                .hasMessageContaining(OrphanPlate.class.getName() + ".shelf")
                .hasMessageContaining("orphanRemoval is supported on @OneToMany only");
        assertThatThrownBy(() -> discover(ListField.class))
                .isInstanceOf(MappingException.class)
                .hasMessageContaining(ListField.class.getName() + ".items")
                .hasMessageContaining("EntityCollection<Target>");
        assertThatThrownBy(() -> discover(Shelf.class, Item.class, Plate.class))
                .hasMessageContaining(Shelf.class.getName() + ".labels")
                .hasMessageContaining("not a registered entity");
    }
}
