package io.reactiveorm.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ResultTableTest {

    private static final long MILLI = 1_000_000L;

    @Test
    void aSingleContenderGetsNoRatioColumn() {
        Timings timings = new Timings();
        timings.add(Workload.INSERT_10K, "raw", 266 * MILLI);

        String printed = print(timings);

        assertThat(printed).contains("insert10k", "raw", "266.0", "266.0-266.0").doesNotContain("ratio");
    }

    @Test
    void everyContenderAfterTheFirstGetsTheRatioOfItsMedianToTheFirstsMedian() {
        Timings timings = new Timings();
        timings.add(Workload.UPDATE_10K, "raw", 100 * MILLI);
        timings.add(Workload.UPDATE_10K, "orm", 150 * MILLI);
        timings.add(Workload.UPDATE_10K, "raw", 200 * MILLI);
        timings.add(Workload.UPDATE_10K, "orm", 300 * MILLI);

        String[] lines = print(timings).split("\\R");

        assertThat(lines[0]).contains("ratio");
        assertThat(lines[1]).contains("raw", "150.0", "100.0-200.0").doesNotContain("1.50");
        assertThat(lines[2]).contains("orm", "225.0", "150.0-300.0").endsWith("1.50");
    }

    @Test
    void aContenderNameLongerThanTheColumnWidensItSoTheColumnsStayAligned() {
        Timings timings = new Timings();
        timings.add(Workload.FETCH_1K, "raw", 100 * MILLI);
        timings.add(Workload.FETCH_1K, "orm-mru-timeout", 150 * MILLI);

        String[] lines = print(timings).split("\\R");

        int median = lines[0].indexOf("median ms") + "median ms".length();
        assertThat(lines[1].indexOf("100.0") + "100.0".length()).isEqualTo(median);
        assertThat(lines[2].indexOf("150.0") + "150.0".length()).isEqualTo(median);
    }

    private static String print(Timings timings) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ResultTable.print(timings.rows(), "raw", new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
