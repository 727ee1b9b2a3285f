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

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

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

    /**
     * A check before a query cascades PERSIST to 20,000 new pets and takes it back (newest first, each
     * undone in one step, not by a search of every new entry); the flush then writes them in their order.
     */
    @Test
    void aCheckBeforeAQueryTakesBackTheCascadeOfManyNewEntitiesAndTheFlushWritesThemInOrder() {
        EntityMetadata<Owner> owners = metadata.get(Owner.class);
        List<Pet> pets = new ArrayList<>();
        for (int i = 1; i <= 20_000; i++) {
            Pet pet = new Pet();
            pet.id = (long) i;
            pets.add(pet);
            uow.persist(owners, new Owner(i, pet));
        }

        FlushJournal check = uow.beginFlush();
        assertThat(uow.hasChangesFor(Set.of(meta))).isFalse();
        check.revert();

        assertThat(pets).noneMatch(uow::contains);
        uow.beginFlush();
        assertThat(uow.computeFlushPlan().groups).filteredOn(group -> group.meta.type() == Pet.class).singleElement()
                .satisfies(group -> assertThat(group.changeSets).extracting(cs -> cs.entry.entity).containsExactlyElementsOf(pets));
    }

    /**
     * New instances removed newest first are forgotten without a search of the new entries each; one removed
     * while a flush plans and taken back by the flush's revert is inserted in its place again.
     */
    @Test
    void manyNewInstancesRemovedNewestFirstAreForgottenAndARevertedRemovalKeepsItsPlace() {
        List<Note> notes = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            Note note = new Note();
            uow.persist(meta, note);
            notes.add(note);
        }
        for (int i = notes.size() - 1; i >= 3; i--) {
            uow.remove(meta, notes.get(i));
        }
        List<Note> kept = notes.subList(0, 3);

        FlushJournal failed = uow.beginFlush();
        uow.remove(meta, kept.get(0));
        assertThat(uow.contains(kept.get(0))).isFalse();
        failed.revert();

        assertThat(notes).filteredOn(uow::contains).containsExactlyElementsOf(kept);
        uow.beginFlush();
        assertThat(uow.computeFlushPlan().groups).singleElement()
                .satisfies(group -> assertThat(group.changeSets).extracting(cs -> cs.entry.entity).containsExactlyElementsOf(kept));
    }
}
