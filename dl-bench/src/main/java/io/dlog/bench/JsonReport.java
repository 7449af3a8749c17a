package io.dlog.bench;

import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes a run's figures as JSON (by hand: the bench needs nothing more than this). Stateless. */
final class JsonReport {

    private JsonReport() {
    }

    static String render(String mode, Map<String, Object> environment, Map<String, Map<String, String>> settings,
                         Map<Workload, List<Stats>> results, List<Targets.Check> checks) {
        StringBuilder b = new StringBuilder(4096);
        b.append("{\n  \"mode\": ").append(str(mode)).append(",\n  \"baseline\": ").append(str(BenchRunner.BASELINE));
        b.append(",\n  \"environment\": {");
        joinMap(b, environment, "    ");
        b.append("},\n  \"settings\": {");
        Iterator<Map.Entry<String, Map<String, String>>> it = settings.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Map<String, String>> e = it.next();
            b.append("\n    ").append(str(e.getKey())).append(": {");
            joinMap(b, e.getValue(), "      ");
            b.append('}').append(it.hasNext() ? "," : "");
        }
        b.append("},\n  \"workloads\": [");
        Iterator<Map.Entry<Workload, List<Stats>>> wit = results.entrySet().iterator();
        while (wit.hasNext()) {
            Map.Entry<Workload, List<Stats>> e = wit.next();
            Workload w = e.getKey();
            Stats base = e.getValue().stream().filter(s -> s.system().equals(BenchRunner.BASELINE) && s.ran())
                    .findFirst().orElse(null);
            b.append("\n    {\"id\": ").append(str(w.id())).append(", \"title\": ").append(str(w.title()))
                    .append(", \"kind\": ").append(str(w.kind().name())).append(", \"logs\": ").append(w.logs())
                    .append(", \"recordSize\": ").append(w.recordSize()).append(", \"results\": [");
            Iterator<Stats> sit = e.getValue().iterator();
            while (sit.hasNext()) {
                row(b, sit.next(), base);
                b.append(sit.hasNext() ? "," : "");
            }
            b.append("\n    ]}").append(wit.hasNext() ? "," : "");
        }
        b.append("\n  ],\n  \"targets\": [");
        for (int i = 0; i < checks.size(); i++) {
            Targets.Check c = checks.get(i);
            b.append("\n    {\"target\": ").append(str(c.target())).append(", \"workload\": ")
                    .append(str(c.workload())).append(", \"value\": ").append(num(c.value()))
                    .append(", \"limit\": ").append(num(c.limit())).append(", \"met\": ").append(c.met()).append('}')
                    .append(i + 1 < checks.size() ? "," : "");
        }
        return b.append("\n  ]\n}\n").toString();
    }

    private static void row(StringBuilder b, Stats s, Stats base) {
        b.append("\n      {\"system\": ").append(str(s.system())).append(", \"ran\": ").append(s.ran());
        if (s.ran()) {
            b.append(", \"recordsPerSec\": ").append(num(s.recordsPerSecond()))
                    .append(", \"mibPerSec\": ").append(num(s.mebibytesPerSecond()))
                    .append(", \"records\": ").append(s.records()).append(", \"errors\": ").append(s.errors())
                    .append(", \"windowMs\": ").append(s.windowNanos() / 1_000_000)
                    .append(", \"p50Ms\": ").append(num(s.p50Micros() / 1000))
                    .append(", \"p99Ms\": ").append(num(s.p99Micros() / 1000))
                    .append(", \"p999Ms\": ").append(num(s.p999Micros() / 1000))
                    .append(", \"maxMs\": ").append(num(s.maxMicros() / 1000))
                    .append(", \"throughputVsBaseline\": ")
                    .append(num(base == null ? Double.NaN : ResultTable.ratio(s.recordsPerSecond(),
                            base.recordsPerSecond())))
                    .append(", \"p99VsBaseline\": ")
                    .append(num(base == null ? Double.NaN : ResultTable.ratio(s.p99Micros(), base.p99Micros())))
                    .append(", \"cpuMicrosPerRecord\": ").append(num(s.cpuMicrosPerRecord()))
                    .append(", \"cpuMillisPerMiB\": ").append(num(s.cpuMillisPerMebibyte()))
                    .append(", \"clusterCpuMicrosPerRecord\": ").append(num(s.clusterCpuMicrosPerRecord()))
                    .append(", \"cpuVsBaseline\": ")
                    .append(num(base == null ? Double.NaN : ResultTable.ratio(s.cpuMicrosPerRecord(),
                            base.cpuMicrosPerRecord())));
        }
        b.append(", \"note\": ").append(str(s.note())).append('}');
    }

    private static void joinMap(StringBuilder b, Map<String, ?> map, String indent) {
        Iterator<? extends Map.Entry<String, ?>> it = map.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, ?> e = it.next();
            Object v = e.getValue();
            b.append('\n').append(indent).append(str(e.getKey())).append(": ")
                    .append(v instanceof Number || v instanceof Boolean ? v.toString() : str(String.valueOf(v)))
                    .append(it.hasNext() ? "," : "");
        }
    }

    static String num(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "null" : String.format(Locale.ROOT, "%.3f", v);
    }

    static String str(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"': b.append("\\\""); break;
                case '\\': b.append("\\\\"); break;
                case '\n': b.append("\\n"); break;
                case '\t': b.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
            }
        }
        return b.append('"').toString();
    }
}
