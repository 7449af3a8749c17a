package io.dlog.chaos;

import java.nio.file.Path;
import java.util.List;

/**
 * What a run found.
 *
 * @param dir          the run directory (histories, node logs, report.txt, report.svg)
 * @param verdicts     one per log
 * @param faults       the faults as injected and healed
 * @param availability acknowledgements over time
 * @param report       the text report
 * @param aborted      why the fault phase ended early (a node did not come back), or null
 */
public record RunResult(Path dir, List<LogVerdict> verdicts, List<FaultWindow> faults, Availability availability,
                        String report, String aborted) {

    /** Copies the lists. */
    public RunResult {
        verdicts = List.copyOf(verdicts);
        faults = List.copyOf(faults);
    }

    /** Whether the run completed and the checker found nothing wrong. */
    public boolean ok() {
        return aborted == null && HistoryChecker.allOk(verdicts);
    }

    /** Acknowledged writes over all logs. */
    public long acked() {
        return verdicts.stream().mapToLong(v -> v.counts().acked()).sum();
    }
}
