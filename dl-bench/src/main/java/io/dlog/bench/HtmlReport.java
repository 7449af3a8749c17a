package io.dlog.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The run as a self-contained HTML page: per workload, the median table, each system's figure in every round
 * (throughput, or p99 for fixed-rate workloads), its CPU time per record in every round, and the latency
 * percentile distribution of its median run on log scales. Stateless.
 */
final class HtmlReport {

    private HtmlReport() {
    }

    static String render(String mode, Map<String, Object> environment, Map<Workload, List<Stats>> medians,
            Map<Workload, Map<String, List<Stats>>> runs) {
        StringBuilder b = new StringBuilder(64 * 1024);
        b.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>dl-bench compare --").append(mode)
                .append("</title>\n<style>body{font-family:sans-serif;margin:20px;max-width:1800px}"
                        + "pre{font-size:12px;background:#f6f6f6;padding:8px}.charts{display:flex;flex-wrap:wrap;"
                        + "gap:8px}</style></head><body>\n");
        b.append("<h1>dl-bench compare --").append(mode).append("</h1>\n<p>");
        environment.forEach((k, v) -> b.append(SvgChart.escape(k)).append('=').append(SvgChart.escape(
                String.valueOf(v))).append(' '));
        b.append("</p>\n<p>Ratios are against ").append(BenchRunner.BASELINE).append(" in the same run. Each "
                + "table row is the system's median run; the charts show every round, so the spread is visible. "
                + "CPU time is the benchmark client JVM's alone when the cluster runs in a child JVM.</p>\n");
        for (Map.Entry<Workload, List<Stats>> e : medians.entrySet()) {
            Workload w = e.getKey();
            b.append("<h2>").append(SvgChart.escape(w.title())).append("</h2>\n<pre>")
                    .append(SvgChart.escape(ResultTable.format(w.title(), e.getValue(), BenchRunner.BASELINE)))
                    .append("</pre>\n<div class=\"charts\">\n");
            Map<String, List<Stats>> perSystem = runs.getOrDefault(w, Map.of());
            b.append(perRound(w, perSystem).render());
            SvgChart cpu = cpuPerRound(perSystem);
            if (!cpu.isEmpty()) {
                b.append(cpu.render());
            }
            SvgChart curve = latencyCurve(e.getValue());
            if (!curve.isEmpty()) {
                b.append(curve.render());
            }
            b.append("</div>\n");
        }
        return b.append("</body></html>\n").toString();
    }

    private static boolean byThroughput(Workload w) {
        return w.rate() == 0 && w.kind() != Workload.Kind.TAIL;
    }

    private static SvgChart perRound(Workload w, Map<String, List<Stats>> perSystem) {
        boolean thr = byThroughput(w);
        SvgChart chart = new SvgChart(thr ? "throughput per round" : "p99 latency per round", "round",
                thr ? "records/s" : "p99 ms", false);
        int rounds = 0;
        for (Map.Entry<String, List<Stats>> e : perSystem.entrySet()) {
            List<SvgChart.Point> points = new ArrayList<>();
            for (int r = 0; r < e.getValue().size(); r++) {
                Stats s = e.getValue().get(r);
                if (s.ran()) {
                    points.add(new SvgChart.Point(r + 1, thr ? s.recordsPerSecond() : s.p99Micros() / 1000));
                }
            }
            rounds = Math.max(rounds, e.getValue().size());
            chart.add(new SvgChart.Series(e.getKey(), points));
        }
        for (int r = 1; r <= rounds; r++) {
            chart.tick(r, Integer.toString(r));
        }
        return chart;
    }

    private static SvgChart cpuPerRound(Map<String, List<Stats>> perSystem) {
        SvgChart chart = new SvgChart("client CPU per record, per round", "round", "CPU us/record", false);
        int rounds = 0;
        for (Map.Entry<String, List<Stats>> e : perSystem.entrySet()) {
            List<SvgChart.Point> points = new ArrayList<>();
            for (int r = 0; r < e.getValue().size(); r++) {
                double v = e.getValue().get(r).cpuMicrosPerRecord();
                if (!Double.isNaN(v)) {
                    points.add(new SvgChart.Point(r + 1, v));
                }
            }
            rounds = Math.max(rounds, e.getValue().size());
            chart.add(new SvgChart.Series(e.getKey(), points));
        }
        for (int r = 1; r <= rounds; r++) {
            chart.tick(r, Integer.toString(r));
        }
        return chart;
    }

    /** x = log10(1 / (1 - p)): 50 % at 0.3, 90 % at 1, 99 % at 2, 99.9 % at 3; the maximum one step right. */
    static double percentileX(double percentile) {
        if (percentile >= 100) {
            return percentileX(Stats.CURVE_PERCENTILES.get(Stats.CURVE_PERCENTILES.size() - 2)) + 0.5;
        }
        return Math.log10(1 / (1 - percentile / 100));
    }

    private static SvgChart latencyCurve(List<Stats> medians) {
        SvgChart chart = new SvgChart("latency percentile distribution (median run)", "percentile", "ms (log)",
                true);
        for (Stats s : medians) {
            List<SvgChart.Point> points = new ArrayList<>();
            for (int i = 0; i < s.curveMicros().size(); i++) {
                points.add(new SvgChart.Point(percentileX(Stats.CURVE_PERCENTILES.get(i)),
                        Math.max(0.001, s.curveMicros().get(i) / 1000)));
            }
            chart.add(new SvgChart.Series(s.system(), points));
        }
        String[] labels = {"0", "90", "99", "99.9", "99.99", "99.999"};
        for (int k = 0; k < labels.length; k++) {
            chart.tick(k, labels[k]);
        }
        chart.tick(percentileX(100), "max");
        return chart;
    }
}
