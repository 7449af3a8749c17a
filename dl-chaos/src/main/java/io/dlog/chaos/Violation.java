package io.dlog.chaos;

import java.util.List;
import java.util.Objects;

/**
 * One anomaly found by the checker.
 *
 * @param anomaly what kind
 * @param log     the log
 * @param detail  one line saying what is wrong
 * @param context lines around it: the op's events and the neighbouring records of the final log
 */
public record Violation(Anomaly anomaly, String log, String detail, List<String> context) {

    /** Validates and copies. */
    public Violation {
        Objects.requireNonNull(anomaly, "anomaly");
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(detail, "detail");
        context = List.copyOf(context);
    }

    @Override
    public String toString() {
        return anomaly + " " + log + ": " + detail;
    }
}
