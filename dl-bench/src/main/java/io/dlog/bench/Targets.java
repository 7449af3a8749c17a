package io.dlog.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The targets of issue 7, checked against the figures of one run: dlog write throughput at least 1.3x DL's at
 * 1 KiB (1 log and 100 logs), p99 at 50 % load no worse than DL's, and at most 10 % below batched raw
 * BookKeeper at max rate. Stateless.
 */
final class Targets {

    /** One checked target. */
    record Check(String target, String workload, double value, double limit, boolean met) {
        String line() {
            return String.format(Locale.ROOT, "%-4s %-44s %-24s %.2f (limit %.2f)", met ? "MET" : "MISS", target,
                    workload, value, limit);
        }
    }

    private Targets() {
    }

    static List<Check> check(Map<Workload, List<Stats>> results) {
        List<Check> out = new ArrayList<>();
        for (Map.Entry<Workload, List<Stats>> e : results.entrySet()) {
            Workload w = e.getKey();
            if (w.kind() != Workload.Kind.WRITE) {
                continue;
            }
            Stats dlog = find(e.getValue(), "dlog");
            Stats dl = find(e.getValue(), BenchRunner.BASELINE);
            Stats bk = find(e.getValue(), "bk-batched");
            if (w.rate() == 0 && w.recordSize() == 1024 && dlog != null && dl != null) {
                double r = ResultTable.ratio(dlog.recordsPerSecond(), dl.recordsPerSecond());
                out.add(new Check("throughput dlog/DL >= 1.3 at 1 KiB", w.id(), r, 1.3, r >= 1.3));
            }
            if (w.relativeRate() && dlog != null && dl != null) {
                double r = ResultTable.ratio(dlog.p99Micros(), dl.p99Micros());
                out.add(new Check("p99 dlog/DL <= 1.0 at 50 % load", w.id(), r, 1.0, r <= 1.0));
            }
            Stats proxy = find(e.getValue(), "dlog-proxy");
            if (w.rate() == 0 && w.logs() == 100 && w.recordSize() == 1024 && dlog != null && proxy != null) {
                double r = ResultTable.ratio(proxy.recordsPerSecond(), dlog.recordsPerSecond());
                out.add(new Check("throughput dlog-proxy/dlog >= 0.8 at 100 logs x 1 KiB", w.id(), r, 0.8, r >= 0.8));
            }
            if (w.relativeRate() && w.logs() == 100 && dlog != null && proxy != null) {
                double d = (proxy.p99Micros() - dlog.p99Micros()) / 1000.0;
                out.add(new Check("p99 dlog-proxy - dlog <= 2 ms at 50 % load (ms)", w.id(), d, 2.0, d <= 2.0));
            }
            if (w.rate() == 0 && dlog != null && bk != null) {
                double r = ResultTable.ratio(dlog.recordsPerSecond(), bk.recordsPerSecond());
                out.add(new Check("throughput dlog/bk-batched >= 0.9", w.id(), r, 0.9, r >= 0.9));
            }
        }
        return out;
    }

    private static Stats find(List<Stats> rows, String system) {
        return rows.stream().filter(s -> s.system().equals(system) && s.ran()).findFirst().orElse(null);
    }
}
