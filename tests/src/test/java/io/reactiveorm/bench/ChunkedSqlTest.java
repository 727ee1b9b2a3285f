package io.reactiveorm.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkedSqlTest {

    @Test
    void repeatsThePerRowPartBetweenHeadAndTail() {
        ChunkedSql sql = new ChunkedSql("DELETE FROM person WHERE id IN (", "?", ", ", ")");

        assertThat(sql.forRows(3)).isEqualTo("DELETE FROM person WHERE id IN (?, ?, ?)");
        assertThat(sql.forRows(1)).isEqualTo("DELETE FROM person WHERE id IN (?)");
    }

    @Test
    void buildsTheTextOfARowCountOnce() {
        ChunkedSql sql = new ChunkedSql("VALUES ", "(?, ?)", ", ", "");

        assertThat(sql.forRows(2500)).isSameAs(sql.forRows(2500));
    }

    @Test
    void chunksAreConsecutiveAndOnlyTheLastIsShorter() {
        List<List<Integer>> chunks = ChunkedSql.chunks(List.of(1, 2, 3, 4, 5), 2);

        assertThat(chunks).containsExactly(List.of(1, 2), List.of(3, 4), List.of(5));
    }
}
