package io.reactiveorm.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TimingsTest {

    @Test
    void medianOfAnOddCountIsTheMiddleValue() {
        assertThat(Timings.median(new long[] {9, 1, 5})).isEqualTo(5.0);
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheTwoMiddleValues() {
        assertThat(Timings.median(new long[] {4, 1, 3, 2})).isEqualTo(2.5);
    }

    @Test
    void medianOfNothingIsRejected() {
        assertThatThrownBy(() -> Timings.median(new long[0])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rowsKeepWorkloadAndContenderOrderAndReportMinAndMax() {
        Timings timings = new Timings();
        timings.add(Workload.FIND_10K, "raw", 30);
        timings.add(Workload.FIND_10K, "orm", 40);
        timings.add(Workload.FIND_10K, "raw", 10);
        timings.add(Workload.FETCH_1K, "raw", 7);
        timings.add(Workload.FIND_10K, "raw", 20);

        List<Timings.Row> rows = timings.rows();

        assertThat(rows).extracting(Timings.Row::workload, Timings.Row::contender)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Workload.FIND_10K, "raw"),
                        org.assertj.core.groups.Tuple.tuple(Workload.FIND_10K, "orm"),
                        org.assertj.core.groups.Tuple.tuple(Workload.FETCH_1K, "raw"));
        Timings.Row raw = rows.get(0);
        assertThat(raw.medianNanos()).isEqualTo(20.0);
        assertThat(raw.minNanos()).isEqualTo(10);
        assertThat(raw.maxNanos()).isEqualTo(30);
        assertThat(raw.samples()).isEqualTo(3);
    }
}
