package io.dlog.chaos;

import static io.dlog.chaos.SyntheticHistory.dlsn;
import static org.assertj.core.api.Assertions.assertThat;

import io.dlog.protocol.DLSN;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The checker against itself: a clean history passes, and each anomaly is caught (RELIABILITY.md R-28). */
class HistoryCheckerTest {

    private SyntheticHistory h;

    /** Client a owns the log for segment 1, then client b for segment 2: five acknowledged writes each. */
    @BeforeEach
    void cleanHistory() {
        h = new SyntheticHistory();
        for (int i = 0; i < 5; i++) {
            h.written("a", "a." + i, dlsn(1, i), i + 1);
        }
        for (int i = 0; i < 5; i++) {
            h.written("b", "b." + i, dlsn(2, i), i + 6);
        }
    }

    @Test
    void checkShouldPassWhenHistoryIsClean() {
        h.readIndices("r", "s1", 0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        LogVerdict v = h.check();
        assertThat(v.violations()).isEmpty();
        assertThat(v.ok()).isTrue();
        assertThat(v.counts().acked()).isEqualTo(10);
        assertThat(v.counts().finalRecords()).isEqualTo(10);
        assertThat(v.counts().recordsRead()).isEqualTo(10);
        assertThat(HistoryChecker.summary(List.of(v))).contains("VERDICT: PASS");
    }

    @Test
    void checkShouldReportLostWhenAcknowledgedWriteIsMissing() {
        h.log.remove(2);   // a.2 was acknowledged at 1:2:0
        LogVerdict v = h.check();
        assertThat(v.count(Anomaly.LOST)).isEqualTo(1);
        assertThat(v.violations().get(0).detail()).contains("a.2");
        assertThat(HistoryChecker.summary(List.of(v))).contains("VERDICT: FAIL", "LOST");
    }

    @Test
    void checkShouldReportPhantomWhenRecordWasNeverWritten() {
        h.log.add(new FinalRecord(dlsn(3, 0), 11, "ghost.0"));
        LogVerdict v = h.check();
        assertThat(v.count(Anomaly.PHANTOM)).isEqualTo(1);
        assertThat(v.totals()).containsOnlyKeys(Anomaly.PHANTOM);
    }

    @Test
    void checkShouldReportPhantomWhenDefinitelyFailedWriteIsPresent() {
        h.invoke("a", "a.9");
        h.fail("a", "a.9", HistoryEvent.Kind.FAIL, FailureClass.WRITE_CANCELLED);
        h.log.add(new FinalRecord(dlsn(3, 0), 11, "a.9"));
        assertThat(h.check().count(Anomaly.PHANTOM)).isEqualTo(1);
    }

    @Test
    void checkShouldAcceptIndeterminateWriteWhenPresentOnceOrAbsent() {
        h.invoke("a", "a.9");
        h.fail("a", "a.9", HistoryEvent.Kind.INFO, 507);
        h.invoke("b", "b.9");   // never completed: the client died
        h.log.add(new FinalRecord(dlsn(3, 0), 11, "a.9"));
        LogVerdict v = h.check();
        assertThat(v.ok()).isTrue();
        assertThat(v.counts().indeterminate()).isEqualTo(2);
        assertThat(v.counts().indeterminatePresent()).isEqualTo(1);
    }

    @Test
    void checkShouldReportDuplicateWhenIndeterminateWriteAppearsTwice() {
        h.invoke("a", "a.9");
        h.fail("a", "a.9", HistoryEvent.Kind.INFO, 507);
        h.log.add(new FinalRecord(dlsn(3, 0), 11, "a.9"));
        h.log.add(new FinalRecord(dlsn(3, 1), 12, "a.9"));
        LogVerdict v = h.check();
        assertThat(v.count(Anomaly.DUPLICATE)).isEqualTo(1);
    }

    @Test
    void checkShouldReportDuplicateWhenAcknowledgedWriteAppearsTwice() {
        h.log.add(new FinalRecord(dlsn(3, 0), 11, "b.4"));
        LogVerdict v = h.check();
        assertThat(v.count(Anomaly.DUPLICATE)).isEqualTo(1);
    }

    @Test
    void checkShouldReportReorderWhenClientAcknowledgementsAreSwappedInLog() {
        // The log holds a.1 and a.3 swapped; each keeps its DLSN slot, so only the order checks can see it.
        SyntheticHistory s = new SyntheticHistory();
        for (int i = 0; i < 4; i++) {
            s.written("a", "a." + i, dlsn(1, i), i + 1);
        }
        FinalRecord one = s.log.get(1);
        FinalRecord three = s.log.get(3);
        s.log.set(1, new FinalRecord(one.dlsn(), one.txid(), three.payload()));
        s.log.set(3, new FinalRecord(three.dlsn(), three.txid(), one.payload()));
        LogVerdict v = s.check();
        assertThat(v.count(Anomaly.REORDER)).isPositive();
        assertThat(v.count(Anomaly.OFFSET_MISMATCH)).isEqualTo(2);
    }

    @Test
    void checkShouldReportReorderWhenDlsnsDoNotIncrease() {
        FinalRecord r = h.log.remove(9);
        h.log.add(0, r);
        assertThat(h.check().count(Anomaly.REORDER)).isPositive();
    }

    @Test
    void checkShouldReportReorderWhenLaterInvokedWritePrecedesEarlierAcknowledgedOne() {
        SyntheticHistory s = new SyntheticHistory();
        s.invoke("a", "a.0");
        s.ok("a", "a.0", dlsn(1, 1), 2);
        s.invoke("b", "b.0");   // invoked after a.0 was acknowledged ...
        s.ok("b", "b.0", dlsn(1, 0), 1);
        s.log.add(new FinalRecord(dlsn(1, 0), 1, "b.0"));   // ... yet placed before it
        s.log.add(new FinalRecord(dlsn(1, 1), 2, "a.0"));
        LogVerdict v = s.check();
        assertThat(v.count(Anomaly.REORDER)).isEqualTo(1);
        assertThat(v.violations().get(0).detail()).contains("b.0", "a.0");
    }

    @Test
    void checkShouldReportSkipWhenReaderJumpsOverRecords() {
        h.readIndices("r", "s1", 0, 1, 2, 5, 6);
        LogVerdict v = h.check();
        assertThat(v.count(Anomaly.SKIP)).isEqualTo(1);
        assertThat(v.violations().get(0).detail()).contains("skipping 2");
    }

    @Test
    void checkShouldReportSkipWhenReaderFromStartMissesFirstRecord() {
        h.readIndices("r", "s1", 1, 2);
        assertThat(h.check().count(Anomaly.SKIP)).isEqualTo(1);
    }

    @Test
    void checkShouldReportRepeatWhenReaderDeliversRecordAgain() {
        h.readIndices("r", "s1", 0, 1, 2, 2, 3);
        assertThat(h.check().count(Anomaly.REPEAT)).isEqualTo(1);
    }

    @Test
    void checkShouldReportReadMismatchWhenReaderSawRecordNotInLog() {
        h.readStart("r", "s1", DLSN.INITIAL);
        h.read("r", "s1", new FinalRecord(dlsn(1, 0), 1, "ghost.1"));
        assertThat(h.check().count(Anomaly.READ_MISMATCH)).isEqualTo(1);
    }

    @Test
    void checkShouldReportOverlappingOwnersWhenTwoOwnersAcknowledgeInOneSegment() {
        SyntheticHistory s = new SyntheticHistory();
        s.written("a", "a.0", dlsn(1, 0), 1);
        s.invoke("b", "b.0");
        s.ok("b", "b.0", dlsn(1, 1), 2, "b/w1");
        s.log.add(new FinalRecord(dlsn(1, 1), 2, "b.0"));
        LogVerdict v = s.check();
        assertThat(v.count(Anomaly.OVERLAPPING_OWNERS)).isEqualTo(1);
        assertThat(v.violations().get(0).detail()).contains("segment 1");
    }

    @Test
    void checkShouldReportOverlappingOwnersWhenOwnerAcknowledgesAfterSuccessor() {
        SyntheticHistory s = new SyntheticHistory();
        s.written("a", "a.0", dlsn(1, 0), 1);
        s.invoke("b", "b.0");
        s.ok("b", "b.0", dlsn(2, 0), 2, "b/w1");
        s.log.add(new FinalRecord(dlsn(2, 0), 2, "b.0"));
        s.written("a", "a.1", dlsn(3, 0), 3);   // a's old incarnation acknowledges again after b took over
        assertThat(s.check().count(Anomaly.OVERLAPPING_OWNERS)).isEqualTo(1);
    }

    @Test
    void checkShouldPassWhenRemoteClientsShareProxySegmentsBetweenEmbeddedOwners() {
        SyntheticHistory s = new SyntheticHistory();
        s.remoteWritten("r1", "r1.1", dlsn(1, 0), 1);   // the proxy serialises both remote clients into segment 1
        s.remoteWritten("r2", "r2.1", dlsn(1, 1), 2);
        s.remoteWritten("r1", "r1.2", dlsn(1, 2), 3);
        s.written("a", "a.0", dlsn(2, 0), 4);           // an embedded client took the lock over
        s.remoteWritten("r2", "r2.2", dlsn(3, 0), 5);   // and a proxy took it back
        s.readIndices("r1", "s1", 0, 1, 2, 3, 4);
        assertThat(s.check().violations()).isEmpty();
    }

    @Test
    void checkShouldReportOverlappingOwnersWhenRemoteAndEmbeddedWritesShareASegment() {
        SyntheticHistory s = new SyntheticHistory();
        s.written("a", "a.0", dlsn(1, 0), 1);
        s.remoteWritten("r1", "r1.1", dlsn(1, 1), 2);   // a proxy acknowledged into the embedded owner's segment
        LogVerdict v = s.check();
        assertThat(v.count(Anomaly.OVERLAPPING_OWNERS)).isEqualTo(1);
        assertThat(v.violations().get(0).detail()).contains("segment 1");
    }

    @Test
    void checkShouldReportOverlappingOwnersWhenEmbeddedOwnerAcknowledgesAfterProxySegment() {
        SyntheticHistory s = new SyntheticHistory();
        s.written("a", "a.0", dlsn(1, 0), 1);
        s.remoteWritten("r1", "r1.1", dlsn(2, 0), 2);
        s.written("a", "a.1", dlsn(3, 0), 3);           // a's incarnation acknowledges after a proxy owned the log
        assertThat(s.check().count(Anomaly.OVERLAPPING_OWNERS)).isEqualTo(1);
    }

    @Test
    void checkShouldReportDisagreementWhenFinalReadsDiffer() {
        List<FinalRecord> other = List.copyOf(h.log.subList(0, 9));
        List<LogVerdict> v = HistoryChecker.check(h.events, Map.of(SyntheticHistory.LOG, List.of(h.log, other)));
        assertThat(v.get(0).count(Anomaly.FINAL_READS_DISAGREE)).isEqualTo(1);
    }

    @Test
    void checkShouldReportLostWhenLogWasNeverRead() {
        List<LogVerdict> v = HistoryChecker.check(h.events, Map.of());
        assertThat(v.get(0).count(Anomaly.LOST)).isEqualTo(10);
    }
}
