package io.reactiveorm.metadata;

import io.reactiveorm.MappingException;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import jakarta.persistence.Version;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MetadataDiscoveryTest {

    enum Color { RED, GREEN }

    @Entity
    @Table(name = "orders")
    static class OrderLine {
        @Id
        @GeneratedValue(strategy = GenerationType.SEQUENCE)
        @SequenceGenerator(name = "line", sequenceName = "line_seq", allocationSize = 20)
        Long id;
        @Column(name = "label", length = 40, nullable = false, unique = true)
        String productName;
        int quantity;
        Instant createdAt;
        @Enumerated(EnumType.STRING)
        Color color;
        Color ordinalColor;
        @Version
        long version;
        @Transient
        String ignored;
        transient String alsoIgnored;
        static String notPersistent;
    }

    @Entity
    static class NoId {
        String name;
    }

    @Entity
    static class Unsupported {
        @Id
        Long id;
        Optional<String> name;
    }

    @Entity
    static class DuplicateColumn {
        @Id
        Long id;
        @Column(name = "title")
        String name;
        String title;
    }

    @Entity
    static class NoDefaultConstructor {
        @Id
        Long id;

        NoDefaultConstructor(Long id) {
            this.id = id;
        }
    }

    @Entity
    static class FinalField {
        @Id
        Long id;
        final String name = "x";
    }

    @Entity
    static class TextVersion {
        @Id
        Long id;
        @Version
        String version;
    }

    @Entity
    static class StringIdentity {
        @Id
        @GeneratedValue(strategy = GenerationType.IDENTITY)
        String id;
    }

    @Entity
    static class OnlyIdentity {
        @Id
        @GeneratedValue(strategy = GenerationType.IDENTITY)
        Long id;
    }

    @Entity
    static class PrimitiveSequence {
        @Id
        @GeneratedValue(strategy = GenerationType.SEQUENCE)
        long id;
    }

    static class NotAnEntity {
        @Id
        Long id;
    }

    @Entity
    static class Price {
        @Id
        Long id;
        BigDecimal net;
        @Column(scale = 4)
        BigDecimal rate;
        @Column(precision = 10)
        BigDecimal whole;
        @Column(precision = 12, scale = 3)
        BigDecimal gross;
        byte[] receipt;
    }

    @Entity
    static class ScaleAbovePrecision {
        @Id
        Long id;
        @Column(precision = 5, scale = 6)
        BigDecimal rate;
    }

    @Entity
    static class NegativeScale {
        @Id
        Long id;
        @Column(precision = 10, scale = -2)
        BigDecimal hundreds;
    }

    private static EntityMetadata<?> discover(Class<?> type) {
        return Metadata.discover(List.of(type), NamingStrategy.snakeCase()).get(type);
    }

    @Test
    void annotationsBecomeMetadataWithTheIdFirst() {
        EntityMetadata<?> meta = discover(OrderLine.class);

        assertThat(meta.table()).isEqualTo("orders");
        assertThat(meta.idGeneration()).isEqualTo(IdGeneration.SEQUENCE);
        assertThat(meta.sequenceName()).isEqualTo("line_seq");
        assertThat(meta.allocationSize()).isEqualTo(20);
        assertThat(meta.properties()).extracting(PropertyMetadata::name)
                .containsExactly("id", "productName", "quantity", "createdAt", "color", "ordinalColor", "version");
        assertThat(meta.properties()).extracting(PropertyMetadata::column)
                .containsExactly("id", "label", "quantity", "created_at", "color", "ordinal_color", "version");
        PropertyMetadata label = meta.property("productName");
        assertThat(label.length()).isEqualTo(40);
        assertThat(label.nullable()).isFalse();
        assertThat(label.unique()).isTrue();
        assertThat(meta.version().name()).isEqualTo("version");
        assertThat(meta.property("color").valueType()).isEqualTo(ValueType.STRING);
        assertThat(meta.property("color").toColumnValue(Color.GREEN)).isEqualTo("GREEN");
        assertThat(meta.property("ordinalColor").toColumnValue(Color.GREEN)).isEqualTo(1);
        assertThat(meta.property("ordinalColor").fromColumnValue(0)).isEqualTo(Color.RED);
    }

    @Test
    void compiledAccessorsReadAndWriteFields() {
        @SuppressWarnings("unchecked")
        EntityMetadata<OrderLine> meta = (EntityMetadata<OrderLine>) discover(OrderLine.class);
        OrderLine line = meta.newInstance();
        meta.property("quantity").set(line, 5);
        meta.property("quantity").set(line, null);
        meta.property("productName").set(line, "bolt");

        assertThat(line.quantity).isZero();
        assertThat(meta.property("productName").get(line)).isEqualTo("bolt");
        assertThat(meta.snapshot(line)).containsExactly(null, "bolt", 0, null, null, null, 0L);
    }

    @Test
    void precisionAndScaleAreEachKeptWhenGiven() {
        EntityMetadata<?> meta = discover(Price.class);

        assertThat(List.of(meta.property("net").precision(), meta.property("net").scale())).containsExactly(38, 2);
        assertThat(List.of(meta.property("rate").precision(), meta.property("rate").scale())).containsExactly(38, 4);
        assertThat(List.of(meta.property("whole").precision(), meta.property("whole").scale())).containsExactly(10, 0);
        assertThat(List.of(meta.property("gross").precision(), meta.property("gross").scale())).containsExactly(12, 3);
    }

    @Test
    void snapshotsAndHydratedInstancesNeverShareAByteArray() {
        @SuppressWarnings("unchecked")
        EntityMetadata<Price> meta = (EntityMetadata<Price>) discover(Price.class);
        Price price = meta.newInstance();
        price.receipt = new byte[] {1, 2};
        int receipt = meta.property("receipt").index();

        Object[] snapshot = meta.snapshot(price);
        Price hydrated = meta.newInstance();
        meta.hydrate(hydrated, snapshot);

        assertThat((byte[]) snapshot[receipt]).containsExactly(1, 2).isNotSameAs(price.receipt);
        assertThat(hydrated.receipt).containsExactly(1, 2).isNotSameAs(snapshot[receipt]);
    }

    @Test
    void snakeCaseNaming() {
        NamingStrategy naming = NamingStrategy.snakeCase();
        assertThat(naming.columnName("createdAt")).isEqualTo("created_at");
        assertThat(naming.columnName("httpURLValue")).isEqualTo("http_url_value");
        assertThat(naming.tableName(OrderLine.class)).isEqualTo("order_line");
    }

    @Test
    void aCustomNamingStrategyIsUsedForUnnamedTablesAndColumns() {
        NamingStrategy upper = new NamingStrategy() {
            @Override
            public String tableName(Class<?> entityType) {
                return "T_" + entityType.getSimpleName().toUpperCase();
            }

            @Override
            public String columnName(String propertyName) {
                return propertyName.toUpperCase();
            }
        };
        EntityMetadata<?> meta = Metadata.discover(List.of(StringIdentityFree.class), upper).get(StringIdentityFree.class);
        assertThat(meta.table()).isEqualTo("T_STRINGIDENTITYFREE");
        assertThat(meta.property("name").column()).isEqualTo("NAME");
    }

    @Entity
    static class StringIdentityFree {
        @Id
        String id;
        String name;
    }

    @Test
    void invalidMappingsFailNamingClassAndProperty() {
        Map<Class<?>, String> expected = Map.of(
                NoId.class, "NoId: no @Id property",
                Unsupported.class, "Unsupported.name: unsupported type java.util.Optional",
                DuplicateColumn.class, "DuplicateColumn.title: column 'title' is already mapped by property 'name'",
                NoDefaultConstructor.class, "NoDefaultConstructor: no no-argument constructor",
                FinalField.class, "FinalField.name: a persistent field must not be final",
                TextVersion.class, "TextVersion.version: @Version must be a short, int or long",
                StringIdentity.class, "StringIdentity.id: @GeneratedValue(strategy = IDENTITY) needs a Long or Integer id",
                NotAnEntity.class, "NotAnEntity: the class is not annotated with @Entity",
                ScaleAbovePrecision.class, "ScaleAbovePrecision.rate: @Column scale 6 exceeds its precision 5",
                NegativeScale.class, "NegativeScale.hundreds: @Column scale -2 is negative");
        expected.forEach((type, message) -> assertThatThrownBy(() -> discover(type))
                .isInstanceOf(MappingException.class)
                .hasMessageContaining("RO-1001")
                .hasMessageContaining(message));
        assertThatThrownBy(() -> discover(PrimitiveSequence.class))
                .isInstanceOf(MappingException.class)
                .hasMessageContaining("PrimitiveSequence.id: @GeneratedValue(strategy = SEQUENCE) needs a Long or Integer id"
                        + " (null until the id is generated), not the primitive long");
        assertThatThrownBy(() -> discover(OnlyIdentity.class))
                .isInstanceOf(MappingException.class)
                .hasMessageContaining("OnlyIdentity: the IDENTITY id is its only column, so there is nothing to insert");
    }

    @Test
    void unknownEntityAndPropertyAreNamed() {
        Metadata metadata = Metadata.discover(List.of(OrderLine.class), NamingStrategy.snakeCase());
        assertThatThrownBy(() -> metadata.get(String.class)).hasMessageContaining("Unknown entity class java.lang.String");
        assertThatThrownBy(() -> metadata.get(OrderLine.class).property("nope"))
                .hasMessageContaining("Entity OrderLine has no property 'nope'");
    }
}
