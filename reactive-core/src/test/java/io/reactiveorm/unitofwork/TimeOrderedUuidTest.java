package io.reactiveorm.unitofwork;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class TimeOrderedUuidTest {

    @Test
    void idsOfOneJvmSortInCreationOrderEvenWithinOneMillisecond() {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            ids.add(TimeOrderedUuid.next());
        }

        assertThat(ids).isSorted().doesNotHaveDuplicates();
        // as the databases compare them: the canonical text, byte by byte
        assertThat(ids.stream().map(UUID::toString).toList()).isSorted();
        assertThat(ids).allSatisfy(id -> {
            assertThat(id.version()).isEqualTo(7);
            assertThat(id.variant()).isEqualTo(2);
            assertThat(id.getMostSignificantBits() >>> 16).isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(60_000L));
        });
    }
}
