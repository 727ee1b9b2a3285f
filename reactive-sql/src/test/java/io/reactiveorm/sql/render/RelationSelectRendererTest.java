package io.reactiveorm.sql.render;

import io.reactiveorm.EntityCollection;
import io.reactiveorm.metadata.EntityMetadata;
import io.reactiveorm.metadata.Metadata;
import io.reactiveorm.metadata.NamingStrategy;
import io.reactiveorm.query.Filter;
import io.reactiveorm.query.Query;
import io.reactiveorm.spi.Join;
import io.reactiveorm.sql.dialect.Dialect;
import io.reactiveorm.sql.dialect.Dialects;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RelationSelectRendererTest {

    @Entity
    static class Shelf {
        @Id
        Long id;
        @OneToMany(mappedBy = "shelf")
        final EntityCollection<Volume> volumes = new EntityCollection<>(this);
    }

    @Entity
    static class Volume {
        @Id
        Long id;
        String title;
        @ManyToOne
        Shelf shelf;
        @ManyToMany
        final EntityCollection<Label> labels = new EntityCollection<>(this);
    }

    @Entity
    static class Label {
        @Id
        Long id;
        String name;
    }

    private static final Metadata METADATA =
            Metadata.discover(List.of(Shelf.class, Volume.class, Label.class), NamingStrategy.snakeCase());
    private static final EntityMetadata<Volume> VOLUME = METADATA.get(Volume.class);
    private static final Dialect POSTGRES = Dialects.detect("PostgreSQL", "15.4");
    private static final Dialect MARIADB = Dialects.detect("MySQL", "11.4.5-MariaDB");

    @Test
    void anIdListLongerThanTheParameterLimitIsSplitIntoStatementsBelowIt() {
        EntitySql volume = new EntitySql(VOLUME, MARIADB);

        List<RenderedSql> statements = RelationSelectRenderer.selectIn(volume, VOLUME.property("shelf"), List.of(1L, 2L, 3L, 4L, 5L), 2);

        assertThat(statements).extracting(RenderedSql::sql).containsExactly(
                "SELECT `id`, `title`, `shelf_id` FROM `volume` WHERE `shelf_id` IN (?, ?)",
                "SELECT `id`, `title`, `shelf_id` FROM `volume` WHERE `shelf_id` IN (?, ?)",
                "SELECT `id`, `title`, `shelf_id` FROM `volume` WHERE `shelf_id` IN (?)");
        assertThat(statements.get(2).binds().value(0)).isEqualTo(5L);
        assertThat(RelationSelectRenderer.selectIn(volume, VOLUME.id(), List.of(), 2)).isEmpty();
    }

    @Test
    void onPostgresqlAnIdListIsOneArrayParameterWhateverItsLength() {
        EntitySql volume = new EntitySql(VOLUME, POSTGRES);

        List<RenderedSql> statements = RelationSelectRenderer.selectIn(volume, VOLUME.property("shelf"), List.of(1L, 2L, 3L, 4L, 5L), 2);

        assertThat(statements).singleElement().satisfies(statement -> {
            assertThat(statement.sql()).isEqualTo(
                    "SELECT \"id\", \"title\", \"shelf_id\" FROM \"volume\" WHERE \"shelf_id\" = ANY($1::int8[])");
            assertThat(statement.binds().size()).isEqualTo(1);
            assertThat((Object[]) statement.binds().value(0)).containsExactly(1L, 2L, 3L, 4L, 5L);
        });
        assertThat(RelationSelectRenderer.selectIn(volume, VOLUME.id(), List.of(), 2)).isEmpty();
    }

    @Test
    void linkedTargetsJoinTheJoinTableAndReturnTheOwnerId() {
        Dialect mariaDb = Dialects.detect("MySQL", "11.4.5-MariaDB");
        EntitySql label = new EntitySql(METADATA.get(Label.class), mariaDb);
        EntitySql volume = new EntitySql(VOLUME, mariaDb);

        List<RenderedSql> statements = RelationSelectRenderer.selectLinked(label, volume,
                VOLUME.findRelation("labels").joinTable(), List.of(7L, 8L), 1_000);

        assertThat(statements).singleElement().extracting(RenderedSql::sql).isEqualTo(
                "SELECT t.`id`, t.`name`, j.`volume_id` FROM `label` t JOIN `volume_labels` j ON j.`label_id` = t.`id`"
                        + " WHERE j.`volume_id` IN (?, ?)");
        assertThat(statements.get(0).binds().size()).isEqualTo(2);
    }

    @Test
    void filtersOnRelationPathsBecomeInSubqueriesWithBoundValues() {
        EntitySql shelf = new EntitySql(METADATA.get(Shelf.class), POSTGRES);
        Query<Shelf> query = Query.of(Shelf.class).where(Filter.and(
                Filter.eq("volumes.labels.name", "x' OR 1=1"), Filter.isNull("volumes.shelf.id")));

        RenderedSql rendered = SelectRenderer.select(shelf, query, meta -> new EntitySql(meta, POSTGRES));

        assertThat(rendered.sql()).isEqualTo("SELECT \"id\" FROM \"shelf\" WHERE (\"id\" IN (SELECT \"shelf_id\" FROM \"volume\""
                + " WHERE \"id\" IN (SELECT \"volume_id\" FROM \"volume_labels\" WHERE \"label_id\" IN (SELECT \"id\" FROM \"label\""
                + " WHERE \"name\" = $1)))"
                + " AND \"id\" IN (SELECT \"shelf_id\" FROM \"volume\" WHERE \"shelf_id\" IN (SELECT \"id\" FROM \"shelf\" WHERE \"id\" IS NULL)))");
        assertThat(rendered.binds().size()).isEqualTo(1);
        assertThat(rendered.binds().value(0)).isEqualTo("x' OR 1=1");
    }

    @Test
    void aJoinedSelectPagesTheRootsInADerivedTableAndLeftJoinsEachRelation() {
        EntityMetadata<Shelf> shelfMeta = METADATA.get(Shelf.class);
        EntitySql shelf = new EntitySql(shelfMeta, POSTGRES);
        Join volumes = new Join(0, null, shelfMeta.findRelation("volumes"));
        Join labels = new Join(1, null, VOLUME.findRelation("labels"));
        Join shelfOfVolume = new Join(1, VOLUME.property("shelf"), null);

        RenderedSql rendered = JoinedSelectRenderer.select(shelf, Query.of(Shelf.class).where(Filter.gt("id", 3L)).limit(10),
                List.of(volumes, labels, shelfOfVolume), meta -> new EntitySql(meta, POSTGRES));

        assertThat(rendered.sql()).isEqualTo("SELECT e0.\"id\", e1.\"id\", e1.\"title\", e1.\"shelf_id\", e2.\"id\", e2.\"name\", e3.\"id\""
                + " FROM (SELECT \"id\" FROM \"shelf\" WHERE \"id\" > $1 LIMIT 10) e0"
                + " LEFT JOIN \"volume\" e1 ON e1.\"shelf_id\" = e0.\"id\""
                + " LEFT JOIN \"volume_labels\" j2 ON j2.\"volume_id\" = e1.\"id\" LEFT JOIN \"label\" e2 ON e2.\"id\" = j2.\"label_id\""
                + " LEFT JOIN \"shelf\" e3 ON e3.\"id\" = e1.\"shelf_id\""
                + " ORDER BY e0.\"id\"");
        assertThat(rendered.binds().size()).isEqualTo(1);
    }
}
