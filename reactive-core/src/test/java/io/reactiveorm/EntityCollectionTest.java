package io.reactiveorm;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The elements of a collection changed in bulk, without a database. */
class EntityCollectionTest {

    @Entity
    static class Shelf {
        @Id
        Long id;
        @OneToMany(mappedBy = "shelf")
        final EntityCollection<Box> boxes = new EntityCollection<>(this);
    }

    @Entity
    static class Box {
        @Id
        Long id;
        @ManyToOne
        Shelf shelf;
    }

    private static List<Box> fill(Shelf shelf, int count) {
        List<Box> boxes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Box box = new Box();
            boxes.add(box);
        }
        shelf.boxes.addAll(boxes);
        return boxes;
    }

    /** 100,000 elements removed one by one, each without shifting the others: the rest stay in order. */
    @Test
    void removingManyElementsOneByOneKeepsTheOthersInOrder() {
        Shelf shelf = new Shelf();
        List<Box> boxes = fill(shelf, 100_000);
        List<Box> kept = new ArrayList<>();
        for (int i = 0; i < boxes.size(); i++) {
            if (i % 1_000 == 0) {
                kept.add(boxes.get(i));
            } else {
                assertThat(shelf.boxes.remove(boxes.get(i))).isTrue();
            }
        }

        assertThat(shelf.boxes.size()).isEqualTo(kept.size());
        assertThat(shelf.boxes.getItems()).containsExactlyElementsOf(kept);
        assertThat(shelf.boxes).containsExactlyElementsOf(kept);
        assertThat(boxes.get(1).shelf).isNull();
        assertThat(shelf.boxes.contains(boxes.get(1))).isFalse();
    }

    @Test
    void anElementRemovedAndAddedAgainIsListedOnceAtTheEnd() {
        Shelf shelf = new Shelf();
        List<Box> boxes = fill(shelf, 4);

        shelf.boxes.remove(boxes.get(0));
        shelf.boxes.remove(boxes.get(2));
        shelf.boxes.add(boxes.get(0));

        assertThat(shelf.boxes.getItems()).containsExactly(boxes.get(1), boxes.get(3), boxes.get(0));
        assertThat(shelf.boxes.size()).isEqualTo(3);
        assertThat(boxes.get(0).shelf).isSameAs(shelf);
        assertThat(boxes.get(2).shelf).isNull();
    }

    @Test
    void removeAllOfManyElementsEmptiesTheCollectionAndClearsEachBackReference() {
        Shelf shelf = new Shelf();
        List<Box> boxes = fill(shelf, 100_000);

        shelf.boxes.removeAll();

        assertThat(shelf.boxes.isEmpty()).isTrue();
        assertThat(shelf.boxes.getItems()).isEmpty();
        assertThat(boxes).allMatch(box -> box.shelf == null);
    }
}
