package io.reactiveorm.unitofwork;

import io.reactiveorm.MappingException;
import io.reactiveorm.metadata.EntityMetadata;
import io.reactiveorm.metadata.Metadata;
import io.reactiveorm.metadata.PropertyMetadata;
import io.reactiveorm.metadata.NamingStrategy;
import io.reactiveorm.metadata.ValueType;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToOne;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommitOrderCalculatorTest {

    @Entity
    static class Country {
        @Id
        @GeneratedValue
        Long id;
        String name;
    }

    @Entity
    static class City {
        @Id
        @GeneratedValue
        Long id;
        @ManyToOne(optional = false)
        Country country;
    }

    @Entity
    static class Street {
        @Id
        @GeneratedValue
        Long id;
        @ManyToOne
        @JoinColumn(name = "town", nullable = false)
        City city;
        @ManyToOne
        Street continues;
    }

    @Entity
    static class Husband {
        @Id
        @GeneratedValue
        Long id;
        @OneToOne(optional = false)
        Wife wife;
    }

    @Entity
    static class Wife {
        @Id
        @GeneratedValue
        Long id;
        @OneToOne
        Husband husband;
    }

    @Entity
    static class Orphan {
        @Id
        Long id;
        @ManyToOne
        Country country;
        @ManyToOne
        Unregistered other;
    }

    @Entity
    static class Unregistered {
        @Id
        Long id;
    }

    @Entity
    static class Clash {
        @Id
        Long id;
        Long countryId;
        @ManyToOne
        Country country;
    }

    private static Metadata metadata(Class<?>... types) {
        return Metadata.discover(List.of(types), NamingStrategy.snakeCase());
    }

    @Test
    void parentsComeBeforeChildrenWhateverTheRegistrationOrder() {
        Metadata metadata = metadata(Street.class, City.class, Country.class);

        List<EntityMetadata<?>> order = CommitOrderCalculator.insertOrder(metadata.entities());

        assertThat(order).extracting(EntityMetadata::name).containsExactly("Country", "City", "Street");
    }

    @Test
    void aSelfReferenceDoesNotBlockItsType() {
        Metadata metadata = metadata(Street.class, Country.class, City.class);

        assertThat(CommitOrderCalculator.insertOrder(List.of(metadata.get(Street.class))))
                .extracting(EntityMetadata::name).containsExactly("Street");
    }

    @Test
    void aCycleIsBrokenAtTheNullableForeignKey() {
        Metadata metadata = metadata(Wife.class, Husband.class);

        List<EntityMetadata<?>> order = CommitOrderCalculator.insertOrder(metadata.entities());

        // Husband.wife is required, Wife.husband nullable: wives first, their husband set by a later update
        assertThat(order).extracting(EntityMetadata::name).containsExactly("Wife", "Husband");
    }

    @Test
    void aToOneColumnHoldsTheTargetIdWithTheTargetIdType() {
        Metadata metadata = metadata(Country.class, City.class, Street.class);

        PropertyMetadata country = metadata.get(City.class).property("country");
        PropertyMetadata city = metadata.get(Street.class).property("city");

        assertThat(country.isToOne()).isTrue();
        assertThat(country.column()).isEqualTo("country_id");
        assertThat(country.valueType()).isEqualTo(ValueType.LONG);
        assertThat(country.nullable()).isFalse();
        assertThat(country.target()).isSameAs(metadata.get(Country.class));
        assertThat(city.column()).isEqualTo("town");
        assertThat(city.nullable()).isFalse();
        assertThat(metadata.get(Street.class).property("continues").nullable()).isTrue();
        assertThat(metadata.get(Street.class).toOnes()).hasSize(2);
        assertThat(metadata.get(Country.class).toOnes()).isEmpty();
    }

    @Test
    void aToOneValueIsComparedByTheTargetId() {
        Metadata metadata = metadata(Country.class, City.class);
        PropertyMetadata country = metadata.get(City.class).property("country");
        Country loaded = new Country();
        loaded.id = 7L;
        Country reference = new Country();
        reference.id = 7L;

        assertThat(country.sameValue(loaded, reference)).isTrue();
        assertThat(country.sameValue(loaded, 7L)).isTrue();
        assertThat(country.sameValue(new Country(), new Country())).isFalse();
        assertThat(country.toColumnValue(loaded)).isEqualTo(7L);
        assertThat(country.toColumnValue(7L)).isEqualTo(7L);
        assertThat(country.accepts(loaded)).isTrue();
        assertThat(country.accepts(7L)).isTrue();
        assertThat(country.accepts("7")).isFalse();
    }

    @Test
    void aRelationToAnUnregisteredEntityFailsAtStartUp() {
        assertThatThrownBy(() -> metadata(Country.class, Orphan.class))
                .isInstanceOf(MappingException.class)
                .hasMessageContaining("Orphan")
                .hasMessageContaining("other")
                .hasMessageContaining("not a registered entity");
    }

    @Test
    void aJoinColumnClashingWithAnotherColumnFailsAtStartUp() {
        assertThatThrownBy(() -> metadata(Country.class, Clash.class))
                .isInstanceOf(MappingException.class)
                .hasMessageContaining("Clash")
                .hasMessageContaining("country_id");
    }
}
