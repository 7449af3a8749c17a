package io.dlog.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AvailabilityTest {

    private static final long S = 1_000_000_000L;

    private static HistoryEvent event(HistoryEvent.Kind kind, String id, long nanos) {
        return new HistoryEvent(kind, "c0-1", nanos, 0, "log-0", id, null, -1, "c0-1/log-0/w1", 0);
    }

    @Test
    void ofShouldFindLongestGapAndPerSecondSeriesWhenAcksStopForAWhile() {
        List<HistoryEvent> events = List.of(
                event(HistoryEvent.Kind.INVOKE, "a", 0), event(HistoryEvent.Kind.OK, "a", S / 10),
                event(HistoryEvent.Kind.INVOKE, "b", S / 2), event(HistoryEvent.Kind.OK, "b", 4 * S + S / 2),
                event(HistoryEvent.Kind.INVOKE, "c", 5 * S), event(HistoryEvent.Kind.OK, "c", 5 * S + S / 10));
        Availability a = Availability.of(events, 0, 6 * S);
        assertThat(a.longestGapMillis()).isEqualTo(4_400);
        assertThat(a.gapStartNanos()).isEqualTo(S / 10);
        assertThat(a.ackedPerSecond()).containsExactly(1, 0, 0, 0, 1, 1);
        assertThat(a.maxLatencyMillis()[4]).isEqualTo(4_000.0);
    }

    @Test
    void ofShouldCountTheTailWhenAcksNeverResume() {
        List<HistoryEvent> events = List.of(event(HistoryEvent.Kind.OK, "a", S));
        assertThat(Availability.of(events, 0, 10 * S).longestGapMillis()).isEqualTo(9_000);
    }

    @Test
    void svgShouldShadeEveryFaultWhenReportIsWritten() {
        Availability a = Availability.of(List.of(event(HistoryEvent.Kind.OK, "a", S)), 0, 10 * S);
        String svg = RunReport.svg(a, List.of(new FaultWindow("kill-9 bookie-1 <x>", 2 * S, 4 * S)));
        assertThat(svg).startsWith("<svg").endsWith("</svg>\n").contains("kill-9 bookie-1 &lt;x&gt;")
                .contains("longest window without acknowledgements: 9000 ms");
    }
}
