package io.dlog.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The R-28 history checker: given every client's history and the final full reads of every log, checks each log
 * with {@link LogChecker}. Stateless and thread-safe.
 */
public final class HistoryChecker {

    private HistoryChecker() {
    }

    /**
     * Checks every log that appears in the histories or the final reads.
     *
     * @param events every event of every client, each client's in the order of its file
     * @param finals per log, its independent full reads (a log written to but never read counts as read empty)
     * @return one verdict per log, in log name order
     */
    public static List<LogVerdict> check(List<HistoryEvent> events, Map<String, List<List<FinalRecord>>> finals) {
        Map<String, List<HistoryEvent>> byLog = new TreeMap<>();
        for (HistoryEvent e : events) {
            byLog.computeIfAbsent(e.log(), k -> new ArrayList<>()).add(e);
        }
        TreeSet<String> logs = new TreeSet<>(byLog.keySet());
        logs.addAll(finals.keySet());
        List<LogVerdict> verdicts = new ArrayList<>();
        for (String log : logs) {
            List<List<FinalRecord>> reads = finals.getOrDefault(log, List.of(List.of()));
            verdicts.add(new LogChecker(log, byLog.getOrDefault(log, List.of()), reads).check());
        }
        return verdicts;
    }

    /** Whether every verdict is clean. */
    public static boolean allOk(List<LogVerdict> verdicts) {
        return verdicts.stream().allMatch(LogVerdict::ok);
    }

    /** The short verdict: one line per log, then PASS or FAIL with the first violation. */
    public static String summary(List<LogVerdict> verdicts) {
        StringBuilder sb = new StringBuilder();
        Violation first = null;
        for (LogVerdict v : verdicts) {
            LogCounts c = v.counts();
            sb.append(String.format("log %s: acked=%d failed=%d indeterminate=%d (present %d) final=%d "
                            + "readSessions=%d read=%d violations=%s%n", v.log(), c.acked(), c.failedDefinite(),
                    c.indeterminate(), c.indeterminatePresent(), c.finalRecords(), c.readSessions(),
                    c.recordsRead(), v.ok() ? "none" : v.totals()));
            if (first == null && !v.violations().isEmpty()) {
                first = v.violations().get(0);
            }
        }
        if (first == null) {
            sb.append("VERDICT: PASS (0 lost, 0 phantom, 0 duplicate, 0 reordered, readers without skip or repeat)");
        } else {
            sb.append("VERDICT: FAIL, first violation: ").append(first);
            for (String line : first.context()) {
                sb.append(System.lineSeparator()).append("    ").append(line);
            }
        }
        return sb.append(System.lineSeparator()).toString();
    }
}
