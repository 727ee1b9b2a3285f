package io.reactiveorm.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class PreparedTableTest {

    @Test
    void lookupIdsAreDistinctSeededIdsInTheSameScatteredOrderEveryTime() {
        long[] seeded = LongStream.rangeClosed(101, 100 + SampleData.ROWS).toArray();
        PreparedTable table = new PreparedTable(seeded, 0);

        long[] ids = table.lookupIds();

        assertThat(ids).hasSize(SampleData.LOOKUPS);
        assertThat(Arrays.stream(ids).distinct().count()).isEqualTo(SampleData.LOOKUPS);
        assertThat(Arrays.stream(ids).boxed().toList()).allMatch(id -> id >= 101 && id <= 100 + SampleData.ROWS);
        assertThat(ids).isNotEqualTo(Arrays.copyOf(seeded, SampleData.LOOKUPS));
        assertThat(table.lookupIds()).isEqualTo(ids).isNotSameAs(ids);
    }

    @Test
    void anEmptyTableHasNothingToLookUp() {
        assertThatThrownBy(() -> PreparedTable.empty().lookupIds())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has 0");
    }
}
