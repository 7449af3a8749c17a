package io.dlog.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class ResultTableTest {

    private static final long SECOND = 1_000_000_000L;

    private static Stats stats(String system, long records, long p99Micros) {
        Histogram h = new Histogram(3);
        h.recordValueWithCount(1000, 98);
        h.recordValueWithCount(p99Micros, 2);   // p99 (and max) = p99Micros
        return Stats.of(system, records, records * 1024, 2 * SECOND, 0, h);
    }

    @Test
    void ratioIsAgainstTheBaselineAndNaNWithoutOne() {
        assertThat(ResultTable.ratio(130, 100)).isEqualTo(1.3);
        assertThat(ResultTable.ratio(1, 0)).isNaN();
        assertThat(ResultTable.ratio(Double.NaN, 1)).isNaN();
        assertThat(ResultTable.ratio(0, 5)).isZero();
    }

    @Test
    void formatsOneRowPerSystemWithRatiosToDl() {
        List<Stats> rows = List.of(stats("dl-4.17.3", 200_000, 8000), stats("dlog", 260_000, 4000),
                Stats.skipped("bk-entry", "no reader"));
        String table = ResultTable.format("write: 1 log x 1 KiB, max rate", rows, "dl-4.17.3");
        String[] lines = table.split("\n");
        assertThat(lines[0]).isEqualTo("== write: 1 log x 1 KiB, max rate ==");
        assertThat(lines[1]).contains("records/s", "MB/s", "p50 ms", "p99 ms", "p99.9 ms", "max ms", "thr vs DL");
        assertThat(lines[2]).startsWith("dl-4.17.3").contains("100,000", "97.7", "1.00x");
        assertThat(lines[3]).startsWith("dlog").contains("130,000", "1.30x", "0.50x", "4.00");
        assertThat(lines[4]).startsWith("bk-entry").contains("skipped: no reader");
        assertThat(lines).hasSize(5);
    }

    @Test
    void withoutBaselineRatiosAreDashes() {
        String table = ResultTable.format("t", List.of(stats("dlog", 10, 1000)), "dl-4.17.3");
        assertThat(table.split("\n")[2]).endsWith("-          -           -          -");
    }

    @Test
    void statsDeriveRatesFromTheWindow() {
        Stats s = Stats.of("x", 3000, 3L * 1024 * 1024, 3 * SECOND, 0, null);
        assertThat(s.recordsPerSecond()).isEqualTo(1000.0);
        assertThat(s.mebibytesPerSecond()).isEqualTo(1.0);
        assertThat(s.p99Micros()).isNaN();
    }

    @Test
    void targetsCompareDlogWithDlAndBatchedBookKeeper() {
        Workload max = Workload.write(1, 1024, 0, java.time.Duration.ZERO, java.time.Duration.ofSeconds(1));
        Workload half = Workload.write(1, 1024, -0.5, java.time.Duration.ZERO, java.time.Duration.ofSeconds(1));
        Map<Workload, List<Stats>> results = new java.util.LinkedHashMap<>();
        results.put(max, List.of(stats("dl-4.17.3", 100, 5000), stats("dlog", 140, 5000),
                stats("bk-batched", 160, 5000)));
        results.put(half, List.of(stats("dl-4.17.3", 50, 5000), stats("dlog", 50, 6000)));
        List<Targets.Check> checks = Targets.check(results);
        assertThat(checks).extracting(Targets.Check::met).containsExactly(true, false, false);
        assertThat(checks.get(0).value()).isEqualTo(1.4);
        assertThat(checks.get(1).value()).isEqualTo(0.875);
    }

    @Test
    void jsonEscapesAndRendersNullForMissingFigures() {
        assertThat(JsonReport.str("a\"b\\c\n")).isEqualTo("\"a\\\"b\\\\c\\n\"");
        assertThat(JsonReport.num(Double.NaN)).isEqualTo("null");
        assertThat(JsonReport.num(1.5)).isEqualTo("1.500");
    }

    @Test
    void cpuPerRecordAndPerMebibyteComeFromTheWindowsCpuTime() {
        // 4 ms of CPU for 1,000 records of 1 KiB, and 7 ms in the cluster's JVM
        Stats s = stats("dlog", 1000, 5000).withCpu(4_000_000L, 7_000_000L);
        assertThat(s.cpuMicrosPerRecord()).isEqualTo(4.0);
        assertThat(s.cpuMillisPerMebibyte()).isCloseTo(4.096, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(s.clusterCpuMicrosPerRecord()).isEqualTo(7.0);
        assertThat(stats("dlog", 1000, 5000).cpuMicrosPerRecord()).as("not measured").isNaN();
        assertThat(stats("dlog", 1000, 5000).withCpu(4_000_000L, -1).clusterCpuMicrosPerRecord())
                .as("in-JVM cluster: not measured").isNaN();
        String table = ResultTable.format("t", List.of(stats("dl-4.17.3", 1000, 5000).withCpu(8_000_000L, -1), s),
                "dl-4.17.3");
        assertThat(table.split("\n")[3]).endsWith("4.00      0.50x");
    }

    @Test
    void procStatTicksShouldBeUserPlusSystemTimeEvenWhenTheCommandNameHoldsSpacesAndParentheses() {
        // proc(5): pid (comm) state ppid ... utime(14) stime(15) ...
        String stat = "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 9 0 0 0 1234 567 0 0 20 0 42 0 100 0 0";

        assertThat(ProcessCpu.ticks(stat)).isEqualTo(1234 + 567);
    }

    @Test
    void clusterCpuShouldCountOnlyTheChildrenPresentAtBothReadings() {
        Map<Long, Long> before = Map.of(10L, 100L, 11L, 50L);
        Map<Long, Long> after = Map.of(10L, 180L, 12L, 999L);

        assertThat(ProcessCpu.childrenBetween(before, after)).isEqualTo(80);
        assertThat(ProcessCpu.childrenBetween(Map.of(), Map.of())).as("no child JVM: not measured").isEqualTo(-1);
    }

    @Test
    void htmlReportDrawsEveryRoundAndTheLatencyCurve() {
        Workload w = Workload.write(1, 1024, 0, java.time.Duration.ZERO, java.time.Duration.ofSeconds(1));
        List<Stats> dl = List.of(stats("dl-4.17.3", 100, 5000), stats("dl-4.17.3", 120, 6000));
        List<Stats> dlog = List.of(stats("dlog", 130, 4000), stats("dlog", 110, 3000));
        Map<Workload, List<Stats>> medians = Map.of(w, List.of(dl.get(0), dlog.get(0)));
        Map<Workload, Map<String, List<Stats>>> runs = Map.of(w, new java.util.LinkedHashMap<>(Map.of(
                "dl-4.17.3", dl, "dlog", dlog)));
        String html = HtmlReport.render("quick", Map.of("cores", 2), medians, runs);
        assertThat(html).contains("throughput per round", "latency percentile distribution", "dlog", "dl-4.17.3");
        assertThat(html.split("<circle", -1)).as("2 systems x 2 rounds + 2 curves x 13 points").hasSize(1 + 4 + 26);
        assertThat(HtmlReport.percentileX(99)).isCloseTo(2.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(HtmlReport.percentileX(99.9)).isCloseTo(3.0, org.assertj.core.data.Offset.offset(1e-9));
    }
}
