package io.reactiveorm.sql.render;

import io.reactiveorm.metadata.EntityMetadata;
import io.reactiveorm.metadata.Metadata;
import io.reactiveorm.metadata.NamingStrategy;
import io.reactiveorm.query.Filter;
import io.reactiveorm.query.Query;
import io.reactiveorm.sql.dialect.Dialects;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SelectRendererTest {

    enum Status { ACTIVE, GONE }

    @Entity
    static class Member {
        @Id
        Long id;
        String name;
        int age;
        @Enumerated(EnumType.STRING)
        Status status;
    }

    private static final EntityMetadata<Member> MEMBER =
            Metadata.discover(List.of(Member.class), NamingStrategy.snakeCase()).get(Member.class);

    @Test
    void everyValueIsBoundAndEveryIdentifierQuoted() {
        EntitySql postgres = new EntitySql(MEMBER, Dialects.detect("PostgreSQL", "15.4"));
        Query<Member> query = Query.of(Member.class)
                .where(Filter.and(Filter.like("name", "x' OR '1'='1"), Filter.or(Filter.gt("age", 3), Filter.isNull("status")),
                        Filter.in("status", List.of(Status.ACTIVE, Status.GONE))))
                .orderBy(Query.Order.desc("age"))
                .limit(10)
                .offset(5);

        RenderedSql rendered = SelectRenderer.select(postgres, query, m -> postgres);

        assertThat(rendered.sql()).isEqualTo("SELECT \"id\", \"name\", \"age\", \"status\" FROM \"member\""
                + " WHERE (\"name\" LIKE $1 AND (\"age\" > $2 OR \"status\" IS NULL) AND \"status\" = ANY($3::text[]))"
                + " ORDER BY \"age\" DESC LIMIT 10 OFFSET 5");
        assertThat(rendered.binds().size()).isEqualTo(3);
        assertThat(rendered.binds().value(0)).isEqualTo("x' OR '1'='1");
        assertThat(rendered.binds().value(1)).isEqualTo(3);
        assertThat(rendered.binds().value(2)).isEqualTo(new String[] {"ACTIVE", "GONE"});
    }

    @Test
    void mysqlUsesBackticksAndQuestionMarks() {
        EntitySql mariaDb = new EntitySql(MEMBER, Dialects.detect("MySQL", "11.4.5-MariaDB"));

        RenderedSql rendered = SelectRenderer.count(mariaDb, Filter.and(Filter.eq("name", "a"), Filter.in("age", List.of())), m -> mariaDb);

        assertThat(rendered.sql()).isEqualTo("SELECT COUNT(*) FROM `member` WHERE (`name` = ? AND 1 = 0)");
        assertThat(rendered.binds().size()).isEqualTo(1);
        assertThat(SelectRenderer.count(mariaDb, Filter.in("age", List.of(1, 2)), m -> mariaDb).sql())
                .isEqualTo("SELECT COUNT(*) FROM `member` WHERE `age` IN (?, ?)");
    }

    @Test
    void noFilterRendersNoWhere() {
        EntitySql h2 = new EntitySql(MEMBER, Dialects.detect("H2", "2.5.252"));

        assertThat(SelectRenderer.select(h2, Query.of(Member.class), m -> h2).sql()).isEqualTo("SELECT \"id\", \"name\", \"age\", \"status\" FROM \"member\"");
    }
}
