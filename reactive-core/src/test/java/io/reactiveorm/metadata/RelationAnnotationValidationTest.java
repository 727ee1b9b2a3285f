package io.reactiveorm.metadata;

import io.reactiveorm.EntityCollection;
import io.reactiveorm.MappingException;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.JoinColumns;
import jakarta.persistence.JoinTable;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OneToOne;
import jakarta.persistence.Table;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Start-up validation of relation mappings: annotations that would otherwise be ignored, and clashes naming both ends. */
class RelationAnnotationValidationTest {

    // ---- a well-formed domain: tree, two relations to one type, self many-to-many with an inverse side
    @Entity
    static class Cat {
        @Id Long id;
        @ManyToOne Cat parent;
        @OneToMany(mappedBy = "parent") final EntityCollection<Cat> children = new EntityCollection<>(this);
    }

    @Entity
    static class Addr {
        @Id Long id;
        @OneToMany(mappedBy = "home") final EntityCollection<Person> residents = new EntityCollection<>(this);
        @OneToMany(mappedBy = "work") final EntityCollection<Person> workers = new EntityCollection<>(this);
    }

    @Entity
    static class Person {
        @Id Long id;
        @ManyToOne Addr home;
        @ManyToOne @JoinColumn(name = "office", nullable = false, unique = true) Addr work;
        @ManyToMany
        @JoinTable(name = "friendship", joinColumns = @JoinColumn(name = "a_id"), inverseJoinColumns = @JoinColumn(name = "b_id"))
        final EntityCollection<Person> friends = new EntityCollection<>(this);
        @ManyToMany(mappedBy = "friends") final EntityCollection<Person> friendOf = new EntityCollection<>(this);
    }

    private static Metadata discover(Class<?>... types) {
        return Metadata.discover(List.of(types), NamingStrategy.snakeCase());
    }

    @Test
    void wellFormedSelfReferencesAndTwoRelationsBetweenOnePair() {
        Metadata m = discover(Cat.class, Addr.class, Person.class);
        assertThat(m.get(Cat.class).findRelation("children").inverseToOne()).isSameAs(m.get(Cat.class).property("parent"));
        assertThat(m.get(Cat.class).property("parent").column()).isEqualTo("parent_id");
        assertThat(m.get(Cat.class).property("parent").nullable()).isTrue();
        assertThat(m.get(Addr.class).findRelation("workers").inverseToOne()).isSameAs(m.get(Person.class).property("work"));
        PropertyMetadata work = m.get(Person.class).property("work");
        assertThat(work.column()).isEqualTo("office");
        assertThat(work.nullable()).isFalse();
        assertThat(work.unique()).isTrue();
        RelationMetadata friends = m.get(Person.class).findRelation("friends");
        assertThat(friends.joinTable().table()).isEqualTo("friendship");
        assertThat(m.get(Person.class).findRelation("friendOf").other()).isSameAs(friends);
    }

    // ---- wrong mappedBy type, missing inverse, clashes: must fail naming both ends
    @Entity
    static class Pub {
        @Id Long id;
        @OneToMany(mappedBy = "home") final EntityCollection<Person> people = new EntityCollection<>(this);  // Person.home targets Addr
    }

    @Entity
    static class TwoOnOne {
        @Id Long id;
        @ManyToOne @JoinColumn(name = "x_id") Cat a;
        @ManyToOne @JoinColumn(name = "X_ID") Cat b;
    }

    @Entity
    static class RelVsBasic {
        @Id Long id;
        @ManyToOne Cat cat;
        Long catId;
    }

    @Entity
    static class Raw {
        @Id Long id;
        @SuppressWarnings("rawtypes")
        @ManyToMany final EntityCollection tags = new EntityCollection<>(this);
    }

    @Entity
    static class Wild {
        @Id Long id;
        @ManyToMany final EntityCollection<?> tags = new EntityCollection<>(this);
    }

    @Entity
    @Table(name = "cat")
    static class JoinTableOnEntityTable {
        @Id Long id;
    }

    @Entity
    static class JoinTableClash {
        @Id Long id;
        @ManyToMany @JoinTable(name = "CAT") final EntityCollection<Cat> cats = new EntityCollection<>(this);
    }

    @Test
    void mismatchesFailNamingBothEnds() {
        assertThatThrownBy(() -> discover(Pub.class, Person.class, Addr.class))
                .isInstanceOf(MappingException.class)
                .hasMessageContaining(Pub.class.getName() + ".people").hasMessageContaining("Person.home targets Addr");
        assertThatThrownBy(() -> discover(TwoOnOne.class, Cat.class))
                .hasMessageContaining("TwoOnOne.b").hasMessageContaining("'a'");
        assertThatThrownBy(() -> discover(RelVsBasic.class, Cat.class))
                .hasMessageContaining("RelVsBasic.catId").hasMessageContaining("'cat'");
        assertThatThrownBy(() -> discover(Raw.class, Cat.class)).hasMessageContaining("Raw.tags").hasMessageContaining("element type");
        assertThatThrownBy(() -> discover(Wild.class, Cat.class)).hasMessageContaining("Wild.tags").hasMessageContaining("element type");
        assertThatThrownBy(() -> discover(Cat.class, JoinTableClash.class))
                .hasMessageContaining("JoinTableClash.cats").hasMessageContaining("already mapped by");
    }

    // ---- annotation attributes that change the meaning of a mapping but are silently ignored
    @Entity
    static class Country {
        @Id Long id;
        @Column(unique = true) String code;
    }

    @Entity
    static class City {
        @Id Long id;
        /** JPA: the foreign key holds Country.code, not Country.id. */
        @ManyToOne @JoinColumn(name = "country_code", referencedColumnName = "code") Country country;
    }

    @Test
    void aJoinColumnReferencingANonIdColumnIsRefusedAtStartUp() {
        assertThatThrownBy(() -> discover(City.class, Country.class))
                .isInstanceOf(MappingException.class)
                .hasMessageContaining("City.country")
                .hasMessageContaining("referencedColumnName");
    }

    @Entity
    static class Town {
        @Id Long id;
        @ManyToOne @Column(name = "nation") Country country;
    }

    @Test
    void aColumnAnnotationOnAToOneIsRefusedOrHonoured() {
        // Hibernate refuses @Column on a @ManyToOne; here it is silently ignored and the column is country_id
        try {
            Metadata m = discover(Town.class, Country.class);
            assertThat(m.get(Town.class).property("country").column()).isEqualTo("nation");
        } catch (MappingException expected) {
            assertThat(expected).hasMessageContaining("Town.country");
        }
    }

    @Entity
    static class Shop {
        @Id Long id;
        @OneToMany(mappedBy = "shop") @JoinColumn(name = "store_id") final EntityCollection<Sale> sales = new EntityCollection<>(this);
    }

    @Entity
    static class Sale {
        @Id Long id;
        @ManyToOne Shop shop;
    }

    @Test
    void aJoinColumnOnTheInverseSideIsRefused() {
        // Hibernate: "Associations marked as mappedBy must not define database mappings like @JoinTable or @JoinColumn"
        assertThatThrownBy(() -> discover(Shop.class, Sale.class))
                .isInstanceOf(MappingException.class)
                .hasMessageContaining("Shop.sales");
    }

    @Entity
    static class Post {
        @Id Long id;
        @ManyToMany final EntityCollection<Label> labels = new EntityCollection<>(this);
    }

    @Entity
    static class Label {
        @Id Long id;
        @ManyToMany(mappedBy = "labels") @JoinTable(name = "label_posts") final EntityCollection<Post> posts = new EntityCollection<>(this);
    }

    @Test
    void aJoinTableOnTheInverseSideIsRefused() {
        assertThatThrownBy(() -> discover(Post.class, Label.class))
                .isInstanceOf(MappingException.class)
                .hasMessageContaining("Label.posts");
    }

    @Entity
    static class Wrongly {
        @Id Long id;
        /** the declared element type is Cat, targetEntity says Sale: the join table links Sale ids, the elements are Cats. */
        @ManyToMany(targetEntity = Sale.class) final EntityCollection<Cat> cats = new EntityCollection<>(this);
    }

    @Test
    void aTargetEntityThatIsNotTheElementTypeIsRefused() {
        assertThatThrownBy(() -> discover(Wrongly.class, Cat.class, Sale.class, Shop.class))
                .isInstanceOf(MappingException.class)
                .hasMessageContaining("Wrongly.cats");
    }

    @Entity
    static class Composite {
        @Id Long id;
        @ManyToOne @JoinColumns({@JoinColumn(name = "c_a"), @JoinColumn(name = "c_b")}) Cat cat;
    }

    @Test
    void jointColumnsAreRefusedAsDocumentedUnsupported() {
        assertThatThrownBy(() -> discover(Composite.class, Cat.class))
                .isInstanceOf(MappingException.class)
                .hasMessageContaining("Composite.cat");
    }
}
