package io.reactiveorm.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RunnerSettingsTest {

    @AfterEach
    void clearProperties() {
        System.clearProperty("bench.database");
        System.clearProperty("bench.runs");
        System.clearProperty("bench.warmups");
        System.clearProperty("bench.warmupMillis");
        System.clearProperty("bench.workloads");
    }

    @Test
    void withoutArgumentsRunsEveryWorkloadSevenTimesOnPostgresAfterThreeWarmUps() {
        RunnerSettings settings = RunnerSettings.parse(new String[0]);

        assertThat(settings.database()).isEqualTo(BenchDatabase.POSTGRES);
        assertThat(settings.runs()).isEqualTo(7);
        assertThat(settings.warmups()).isEqualTo(3);
        assertThat(settings.warmupMillis()).isEqualTo(2_000);
        assertThat(settings.workloads()).containsExactly(Workload.values());
    }

    @Test
    void argumentsWinOverSystemProperties() {
        System.setProperty("bench.database", "h2");
        System.setProperty("bench.runs", "3");

        RunnerSettings settings = RunnerSettings.parse(new String[] {"MariaDB", "11", "0"});

        assertThat(settings.database()).isEqualTo(BenchDatabase.MARIADB);
        assertThat(settings.runs()).isEqualTo(11);
        assertThat(settings.warmups()).isZero();
    }

    @Test
    void systemPropertiesFillWhatTheArgumentsLeaveOut() {
        System.setProperty("bench.runs", "5");
        System.setProperty("bench.workloads", "fetch1k, insert10k");
        System.setProperty("bench.warmupMillis", "500");

        RunnerSettings settings = RunnerSettings.parse(new String[] {"h2"});

        assertThat(settings.runs()).isEqualTo(5);
        assertThat(settings.warmupMillis()).isEqualTo(500);
        assertThat(settings.workloads()).isEqualTo(List.of(Workload.FETCH_1K, Workload.INSERT_10K));
    }

    @Test
    void anUnknownDatabaseIsRejectedWithTheAcceptedNames() {
        assertThatThrownBy(() -> RunnerSettings.parse(new String[] {"oracle"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'oracle'")
                .hasMessageContaining("postgres, mariadb, h2");
    }

    @Test
    void anUnknownWorkloadIsRejectedWithTheAcceptedLabels() {
        System.setProperty("bench.workloads", "insert10k,upsert");

        assertThatThrownBy(() -> RunnerSettings.parse(new String[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'upsert'")
                .hasMessageContaining("insert10k, update10k, delete10k, find10k, fetch1k");
    }

    @Test
    void aRunCountThatIsNoNumberIsRejected() {
        assertThatThrownBy(() -> RunnerSettings.parse(new String[] {"h2", "seven"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'seven'");
    }

    @Test
    void zeroMeasuredRunsAreRejected() {
        assertThatThrownBy(() -> RunnerSettings.parse(new String[] {"h2", "0"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("runs=0");
    }
}
