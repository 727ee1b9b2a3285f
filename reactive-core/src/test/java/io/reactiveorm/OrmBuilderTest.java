package io.reactiveorm;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The builder's checks of its settings, made at the call that gets them wrong. */
class OrmBuilderTest {

    @Test
    void aBatchSizeBelowOneIsRejectedWithTheValue() {
        assertThatThrownBy(() -> Orm.builder().batchSize(0)).isInstanceOf(OrmException.class)
                .hasMessageContaining("RO-2004").hasMessageContaining("batchSize must be at least 1, got 0");
    }

    @Test
    void aNegativeLoadBatchWindowIsRejectedNamingBothDurations() {
        assertThatThrownBy(() -> Orm.builder().loadBatchWindow(Duration.ofMillis(-1), Duration.ofMillis(50)))
                .isInstanceOf(OrmException.class).hasMessageContaining("RO-2004")
                .hasMessageContaining("loadBatchWindow needs durations of zero or more, got quiet=PT-0.001S and maxWait=PT0.05S");
        assertThatThrownBy(() -> Orm.builder().loadBatchWindow(Duration.ZERO, Duration.ofSeconds(-2)))
                .isInstanceOf(OrmException.class).hasMessageContaining("maxWait=PT-2S");
        assertThatThrownBy(() -> Orm.builder().loadBatchWindow(null, Duration.ZERO))
                .isInstanceOf(NullPointerException.class).hasMessage("quiet");
    }
}
