package io.dlog.bench;

import java.util.List;
import java.util.Locale;

/**
 * Formats the rows of one workload as a fixed-width text table, with the ratio of each system to the baseline
 * (Apache DistributedLog). Stateless.
 */
final class ResultTable {

    private ResultTable() {
    }

    /**
     * The ratio of a value to the baseline's.
     *
     * @return {@code value / baseline}, or NaN if either is not a positive finite number
     */
    static double ratio(double value, double baseline) {
        if (!(value >= 0) || !(baseline > 0) || Double.isInfinite(value) || Double.isInfinite(baseline)) {
            return Double.NaN;
        }
        return value / baseline;
    }

    /**
     * Formats a table.
     *
     * @param title    the heading
     * @param rows     one per system, in run order
     * @param baseline the name of the system the ratios are taken against
     * @return the table, lines ending in {@code \n}
     */
    static String format(String title, List<Stats> rows, String baseline) {
        Stats base = rows.stream().filter(r -> r.system().equals(baseline) && r.ran()).findFirst().orElse(null);
        StringBuilder out = new StringBuilder();
        out.append("== ").append(title).append(" ==\n");
        out.append(String.format(Locale.ROOT, "%-12s %12s %9s %9s %9s %9s %9s %10s %10s %11s %10s%n", "system",
                "records/s", "MB/s", "p50 ms", "p99 ms", "p99.9 ms", "max ms", "thr vs DL", "p99 vs DL", "cpu us/rec",
                "cpu vs DL"));
        for (Stats r : rows) {
            if (!r.ran()) {
                out.append(String.format(Locale.ROOT, "%-12s %s%n", r.system(), "skipped: " + r.note()));
                continue;
            }
            double thrRatio = base == null ? Double.NaN : ratio(r.recordsPerSecond(), base.recordsPerSecond());
            double p99Ratio = base == null ? Double.NaN : ratio(r.p99Micros(), base.p99Micros());
            double cpuRatio = base == null ? Double.NaN : ratio(r.cpuMicrosPerRecord(), base.cpuMicrosPerRecord());
            out.append(String.format(Locale.ROOT, "%-12s %12s %9s %9s %9s %9s %9s %10s %10s %11s %10s", r.system(),
                    number(r.recordsPerSecond(), 0), number(r.mebibytesPerSecond(), 1), millis(r.p50Micros()),
                    millis(r.p99Micros()), millis(r.p999Micros()), millis(r.maxMicros()), times(thrRatio),
                    times(p99Ratio), number(r.cpuMicrosPerRecord(), 2), times(cpuRatio)));
            if (r.errors() > 0) {
                out.append("  errors=").append(r.errors());
            }
            if (!r.note().isEmpty()) {
                out.append("  (").append(r.note()).append(')');
            }
            out.append('\n');
        }
        return out.toString();
    }

    static String number(double value, int decimals) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%,." + decimals + "f", value);
    }

    static String millis(double micros) {
        return Double.isNaN(micros) ? "-" : String.format(Locale.ROOT, "%.2f", micros / 1000.0);
    }

    static String times(double ratio) {
        return Double.isNaN(ratio) ? "-" : String.format(Locale.ROOT, "%.2fx", ratio);
    }
}
