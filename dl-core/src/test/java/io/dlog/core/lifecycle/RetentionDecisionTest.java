package io.dlog.core.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.dlog.core.RetentionPolicy;
import io.dlog.core.internal.metadata.Versioned;
import io.dlog.core.internal.retention.RetentionDecision;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.LogSegmentMetadata;
import io.dlog.protocol.SegmentState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The retention decision on its own: prefix only, last completed and in-progress kept, one clock judges age. */
class RetentionDecisionTest {
    private static final long NOW = 1_000_000_000L;
    private static final long HOUR = 3_600_000L;

    private static Versioned<LogSegmentMetadata> seg(long seq, SegmentState state, long bytes, long completedAt) {
        DLSN first = new DLSN(seq, 0, 0);
        return new Versioned<>(new LogSegmentMetadata(seq, 100 + seq, state, seq * 10, seq * 10 + 9, first,
                state == SegmentState.INPROGRESS ? DLSN.INVALID : new DLSN(seq, 9, 0), 10, bytes, completedAt - 1,
                completedAt, first), 0);
    }

    private static List<Long> decide(List<Versioned<LogSegmentMetadata>> segs, RetentionPolicy p,
            long zkModified) throws Exception {
        List<Long> seqs = new ArrayList<>();
        for (Versioned<LogSegmentMetadata> v : RetentionDecision.decide(segs, p, NOW, seq -> zkModified,
                (s, skew) -> { })) {
            seqs.add(v.value().sequenceNumber());
        }
        return seqs;
    }

    @Test
    void timeRetentionShouldReleaseOnlyAPrefixOfOldSegments() throws Exception {
        List<Versioned<LogSegmentMetadata>> segs = List.of(
                seg(1, SegmentState.COMPLETED, 10, NOW - 5 * HOUR),
                seg(2, SegmentState.COMPLETED, 10, NOW - 3 * HOUR),
                seg(3, SegmentState.COMPLETED, 10, NOW - 10 * HOUR), // old, but behind a young one: kept
                seg(4, SegmentState.COMPLETED, 10, NOW - 10 * HOUR));
        assertThat(decide(segs, new RetentionPolicy(4 * HOUR, -1), 0)).containsExactly(1L);
        assertThat(decide(segs, new RetentionPolicy(HOUR, -1), 0)).containsExactly(1L, 2L, 3L);
    }

    @Test
    void lastCompletedAndInProgressSegmentsShouldAlwaysStay() throws Exception {
        List<Versioned<LogSegmentMetadata>> segs = List.of(
                seg(1, SegmentState.TRUNCATED, 10, NOW - 9 * HOUR),
                seg(2, SegmentState.COMPLETED, 10, NOW - 9 * HOUR),
                seg(3, SegmentState.COMPLETED, 10, NOW - 9 * HOUR),
                seg(4, SegmentState.INPROGRESS, 0, 0));
        assertThat(decide(segs, new RetentionPolicy(0, 0), 0)).containsExactly(2L);
        assertThat(decide(List.of(seg(1, SegmentState.COMPLETED, 10, 0)), new RetentionPolicy(0, 0), 0)).isEmpty();
    }

    @Test
    void sizeRetentionShouldReleaseTheOldestUntilTheLogFits() throws Exception {
        List<Versioned<LogSegmentMetadata>> segs = List.of(
                seg(1, SegmentState.COMPLETED, 100, NOW),
                seg(2, SegmentState.COMPLETED, 100, NOW),
                seg(3, SegmentState.COMPLETED, 100, NOW),
                seg(4, SegmentState.COMPLETED, 100, NOW));
        assertThat(decide(segs, new RetentionPolicy(-1, 250), 0)).containsExactly(1L, 2L);
        assertThat(decide(segs, new RetentionPolicy(-1, 400), 0)).isEmpty();
        assertThat(decide(segs, keepForever(), 0)).isEmpty();
    }

    private static RetentionPolicy keepForever() {
        return RetentionPolicy.KEEP_FOREVER;
    }

    @Test
    void ageShouldBeJudgedOnTheLaterOfTheWriterStampAndZooKeeperTime() throws Exception {
        List<Versioned<LogSegmentMetadata>> segs = List.of(
                seg(1, SegmentState.COMPLETED, 10, NOW - 5 * HOUR), // writer clock 5 hours behind
                seg(2, SegmentState.COMPLETED, 10, NOW - 5 * HOUR));
        assertThat(decide(segs, new RetentionPolicy(HOUR, -1), NOW - HOUR / 2)).isEmpty();
        assertThat(decide(segs, new RetentionPolicy(HOUR, -1), NOW - 2 * HOUR)).containsExactly(1L);
        List<Versioned<LogSegmentMetadata>> ahead = List.of(
                seg(1, SegmentState.COMPLETED, 10, NOW + 5 * HOUR), // writer clock ahead: treated as new
                seg(2, SegmentState.COMPLETED, 10, NOW + 5 * HOUR));
        assertThat(decide(ahead, new RetentionPolicy(HOUR, -1), NOW - 9 * HOUR)).isEmpty();
    }

    private static List<Long> decideUpTo(List<Versioned<LogSegmentMetadata>> segs, RetentionPolicy p, DLSN consumed)
            throws Exception {
        List<Long> seqs = new ArrayList<>();
        for (Versioned<LogSegmentMetadata> v : RetentionDecision.decide(segs, p, NOW, seq -> 0, (s, skew) -> { },
                consumed)) {
            seqs.add(v.value().sequenceNumber());
        }
        return seqs;
    }

    @Test
    void subscriptionBoundShouldKeepEverySegmentWithARecordAfterTheSlowestCommit() throws Exception {
        List<Versioned<LogSegmentMetadata>> segs = List.of(
                seg(1, SegmentState.COMPLETED, 100, NOW - 9 * HOUR),
                seg(2, SegmentState.COMPLETED, 100, NOW - 9 * HOUR),
                seg(3, SegmentState.COMPLETED, 100, NOW - 9 * HOUR),
                seg(4, SegmentState.COMPLETED, 100, NOW - 9 * HOUR));
        RetentionPolicy bySize = new RetentionPolicy(-1, 0, true);
        RetentionPolicy byAge = new RetentionPolicy(HOUR, -1, true);
        assertThat(decideUpTo(segs, bySize, null)).containsExactly(1L, 2L, 3L);
        assertThat(decideUpTo(segs, bySize, DLSN.INVALID)).as("a subscription that consumed nothing").isEmpty();
        assertThat(decideUpTo(segs, bySize, new DLSN(1, 8, 0))).as("segment 1 not fully consumed").isEmpty();
        assertThat(decideUpTo(segs, bySize, new DLSN(1, 9, 0))).as("its last record consumed").containsExactly(1L);
        assertThat(decideUpTo(segs, byAge, new DLSN(2, 9, 5))).containsExactly(1L, 2L);
        assertThat(decideUpTo(segs, byAge, new DLSN(9, 0, 0))).as("never the last completed").containsExactly(1L,
                2L, 3L);
    }
}
