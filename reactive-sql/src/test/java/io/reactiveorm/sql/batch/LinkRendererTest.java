package io.reactiveorm.sql.batch;

import io.reactiveorm.EntityCollection;
import io.reactiveorm.metadata.JoinTableMetadata;
import io.reactiveorm.metadata.Metadata;
import io.reactiveorm.metadata.NamingStrategy;
import io.reactiveorm.spi.LinkBatch;
import io.reactiveorm.sql.dialect.Dialect;
import io.reactiveorm.sql.dialect.Dialects;
import io.reactiveorm.sql.render.EntitySql;
import io.reactiveorm.sql.render.RenderedSql;
import io.reactiveorm.sql.render.SqlTextCache;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToMany;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LinkRendererTest {

    @Entity
    static class Post {
        @Id
        Long id;
        @ManyToMany
        final EntityCollection<Topic> topics = new EntityCollection<>(this);
    }

    @Entity
    static class Topic {
        @Id
        Long id;
    }

    private static final Metadata METADATA = Metadata.discover(List.of(Post.class, Topic.class), NamingStrategy.snakeCase());
    private static final JoinTableMetadata POST_TOPICS = METADATA.get(Post.class).findRelation("topics").joinTable();
    private static final Dialect POSTGRES = Dialects.detect("PostgreSQL", "15.4");
    private static final Dialect MARIADB = Dialects.detect("MySQL", "11.4.5-MariaDB");

    private static LinkRenderer renderer(Dialect dialect) {
        return new LinkRenderer(new SqlTextCache(), meta -> new EntitySql(meta, dialect));
    }

    private static LinkBatch pairs(int n) {
        Object[] owners = new Object[n];
        Object[] targets = new Object[n];
        for (int i = 0; i < n; i++) {
            owners[i] = (long) i;
            targets[i] = (long) (100 + i);
        }
        return new LinkBatch(POST_TOPICS, owners, targets);
    }

    @Test
    void joinRowsAreInsertedAndDeletedAsPairsWithBoundIds() {
        RenderedSql insert = renderer(POSTGRES).insert(POSTGRES, pairs(2)).get(0);
        assertThat(insert.sql()).isEqualTo("INSERT INTO \"post_topics\" (\"post_id\", \"topic_id\") VALUES ($1, $2), ($3, $4)");
        assertThat(List.of(insert.binds().value(0), insert.binds().value(1), insert.binds().value(2), insert.binds().value(3)))
                .containsExactly(0L, 100L, 1L, 101L);

        RenderedSql delete = renderer(MARIADB).delete(MARIADB, pairs(2)).get(0);
        assertThat(delete.sql()).isEqualTo("DELETE FROM `post_topics` WHERE (`post_id`, `topic_id`) IN ((?, ?), (?, ?))");
        assertThat(delete.binds().size()).isEqualTo(4);
    }

    @Test
    void aPurgeDeletesByOneColumnFromEitherSide() {
        RenderedSql byTopic = renderer(POSTGRES).deleteOf(POSTGRES, POST_TOPICS.reversed(), new Object[] {7L, 8L}).get(0);
        assertThat(byTopic.sql()).isEqualTo("DELETE FROM \"post_topics\" WHERE \"topic_id\" IN ($1, $2)");
        assertThat(byTopic.rows()).isEqualTo(2);
    }

    @Test
    void batchesAreSplitBelowTheParameterLimit() {
        int perStatement = MARIADB.maxParameters() / 2;
        List<RenderedSql> statements = renderer(MARIADB).insert(MARIADB, pairs(perStatement + 1));
        assertThat(statements).extracting(RenderedSql::rows).containsExactly(perStatement, 1);
    }
}
