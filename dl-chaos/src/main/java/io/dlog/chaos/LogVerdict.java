package io.dlog.chaos;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The checker's verdict on one log.
 *
 * @param log        the log
 * @param counts     what the history and final read held
 * @param violations the violations found, in check order (at most {@link #MAX_KEPT} per anomaly kept)
 * @param totals     how many violations of each kind were found, including those not kept
 */
public record LogVerdict(String log, LogCounts counts, List<Violation> violations, Map<Anomaly, Long> totals) {

    /** Violations kept per anomaly kind; the rest are only counted. */
    public static final int MAX_KEPT = 100;

    /** Validates and copies. */
    public LogVerdict {
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(counts, "counts");
        violations = List.copyOf(violations);
        totals = totals.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(totals));
    }

    /** Whether no anomaly was found. */
    public boolean ok() {
        return totals.isEmpty();
    }

    /** How many violations of a kind were found. */
    public long count(Anomaly anomaly) {
        return totals.getOrDefault(anomaly, 0L);
    }
}
