package io.reactiveorm.unitofwork;

import io.reactiveorm.metadata.EntityMetadata;
import io.reactiveorm.metadata.Metadata;
import io.reactiveorm.metadata.NamingStrategy;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Which instance the unit of work knows: an instance with an id is found through the identity map and
 * must be that very instance; one without an id yet is found by identity.
 */
class UnitOfWorkTest {

    @Entity
    static class Note {
        @Id
        @GeneratedValue(strategy = GenerationType.IDENTITY)
        Long id;
        String text;
    }

    @Entity
    static class Pet {
        @Id
        Long id;
    }

    @Entity
    static class Owner {
        @Id
        Long id;
        @ManyToOne(cascade = CascadeType.PERSIST)
        Pet pet;

        Owner(long id, Pet pet) {
            this.id = id;
            this.pet = pet;
        }

        Owner() {
        }
    }

    private final Metadata metadata = Metadata.discover(List.of(Note.class, Pet.class, Owner.class), NamingStrategy.snakeCase());
    private final EntityMetadata<Note> meta = metadata.get(Note.class);
    private final UnitOfWork uow = new UnitOfWork(null);

    @Test
    void aReadInstanceIsKnownAndAnotherInstanceOfItsIdIsNot() {
        Note read = (Note) uow.merge(meta, new Object[] {7L, "read"}, false);
        Note twin = new Note();
        twin.id = 7L;

        assertThat(uow.contains(read)).isTrue();
        assertThat(uow.entryOf(read).entity).isSameAs(read);
        assertThat(uow.contains(twin)).isFalse();
        assertThat(uow.find(meta, 7L)).isSameAs(read);
        assertThat(uow.merge(meta, new Object[] {7L, "read again"}, false)).isSameAs(read);
        assertThat(read.text).as("a managed instance is not overwritten by a later read").isEqualTo("read");
    }

    @Test
    void aNewInstanceWithoutAnIdIsKnownByIdentityEvenAfterItsIdFieldIsSet() {
        Note fresh = new Note();
        uow.persist(meta, fresh);
        Note other = new Note();

        assertThat(uow.contains(fresh)).isTrue();
        assertThat(uow.contains(other)).isFalse();
        fresh.id = 9L;
        assertThat(uow.contains(fresh)).isTrue();

        uow.remove(meta, fresh);
        assertThat(uow.contains(fresh)).isFalse();
        assertThat(uow.isEmpty()).isTrue();
    }

    @Test
    void aReadInstanceWhoseIdWasChangedIsNoLongerKnownAndItsFlushFails() {
        Note read = (Note) uow.merge(meta, new Object[] {7L, "read"}, false);

        read.id = 8L;

        assertThat(uow.contains(read)).isFalse();
        assertThat(uow.isEmpty()).isFalse();
        assertThatThrownBy(() -> ChangeSetComputer.compute(uow))
                .hasMessageContaining("The id of Note 7 was changed to 8; ids of managed entities cannot change");
    }

    @Test
    void clearForgetsEveryInstance() {
        Note read = (Note) uow.merge(meta, new Object[] {7L, "read"}, false);
        assertThat(uow.isEmpty()).isFalse();

        uow.clear();

        assertThat(uow.isEmpty()).isTrue();
        assertThat(uow.contains(read)).isFalse();
        assertThat(uow.merge(meta, new Object[] {7L, "read"}, false)).isNotSameAs(read);
    }

    @Test
    void aNewInstanceWhoseAssignedIdWasChangedFailsItsFlush() {
        EntityMetadata<Pet> pets = metadata.get(Pet.class);
        Pet pet = new Pet();
        pet.id = 5L;
        uow.persist(pets, pet);

        pet.id = 6L;

        uow.beginFlush();
        assertThatThrownBy(uow::computeFlushPlan)
                .hasMessageContaining("The id of Pet 5 was changed to 6 after persist; ids of managed entities cannot change");
    }

    /** An instance of an anonymous subclass of an entity, which only a cascade can reach, is found like any other. */
    @Test
    void anInstanceOfASubclassReachedByCascadeIsKnownBeforeAndAfterItsInsert() {
        EntityMetadata<Owner> owners = metadata.get(Owner.class);
        Pet pet = new Pet() { };
        pet.id = 1L;
        uow.persist(owners, new Owner(1, pet));
        uow.persist(owners, new Owner(2, pet));

        uow.beginFlush();
        FlushPlan plan = uow.computeFlushPlan();

        assertThat(uow.contains(pet)).isTrue();
        assertThat(plan.groups).filteredOn(group -> group.meta.type() == Pet.class)
                .singleElement().satisfies(group -> assertThat(group.changeSets).hasSize(1));
        uow.apply(plan);
        assertThat(uow.contains(pet)).as("after its insert").isTrue();
        uow.beginFlush();
        assertThat(uow.computeFlushPlan().groups).as("nothing left to write").isEmpty();
    }
}
