package io.dlog.core.internal.read;

import static org.assertj.core.api.Assertions.assertThat;

import io.dlog.protocol.LogSegmentMetadata;
import io.dlog.protocol.SegmentState;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link MetadataSnapshot#find}: a binary search over segments in sequence order, with gaps (deleted ones);
 * {@link MetadataSnapshot#releasedFrom} and {@link ReadPositions#nextSegment} agree with a scan of every segment.
 */
class MetadataSnapshotTest {

    private static MetadataSnapshot snapshot(int segments) {
        List<LogSegmentMetadata> segs = new ArrayList<>();
        for (long seq = 1; seq <= segments; seq++) {
            if (seq % 5 != 0) { // every fifth segment was deleted: the sequence has gaps
                segs.add(LogSegmentMetadata.inProgress(seq, 1000 + seq, -1, 0));
            }
        }
        return new MetadataSnapshot(true, false, List.copyOf(segs), 1);
    }

    @Test
    void findShouldReturnEveryListedSegmentWhenTheLogHasManySegments() {
        MetadataSnapshot s = snapshot(1000);
        for (LogSegmentMetadata seg : s.segments()) {
            assertThat(s.find(SegmentId.of(seg))).isSameAs(seg);
        }
    }

    @Test
    void findShouldReturnNullWhenTheSequenceNumberIsMissingOrTheLedgerDiffers() {
        MetadataSnapshot s = snapshot(1000);
        assertThat(s.find(new SegmentId(5, 1005))).isNull();
        assertThat(s.find(new SegmentId(0, 1000))).isNull();
        assertThat(s.find(new SegmentId(1001, 2001))).isNull();
        assertThat(s.find(new SegmentId(7, 9999))).isNull();
        assertThat(snapshot(0).find(new SegmentId(1, 1001))).isNull();
    }

    @Test
    void releasedFromShouldAgreeWithAScanOfEverySegmentWhenAPrefixWasReleased() {
        List<LogSegmentMetadata> segs = new ArrayList<>(snapshot(100).segments());
        for (int i = 0; i < 30; i++) {
            segs.set(i, segs.get(i).withState(SegmentState.TRUNCATED));
        }
        MetadataSnapshot released = new MetadataSnapshot(true, false, List.copyOf(segs), 2);
        MetadataSnapshot none = snapshot(100);
        for (long seq = 0; seq <= 102; seq++) {
            assertThat(released.releasedFrom(seq)).as("seq %d", seq)
                    .isEqualTo(ReadPositions.releasedFrom(released.segments(), seq));
            assertThat(none.releasedFrom(seq)).as("seq %d, nothing released", seq).isFalse();
        }
        assertThat(released.lastReleasedSeq()).isEqualTo(segs.get(29).sequenceNumber());
    }

    @Test
    void nextSegmentShouldReturnTheFirstUnfinishedSegmentAtOrAboveTheSequenceNumberWhenThereAreGaps() {
        MetadataSnapshot s = snapshot(1000);
        List<LogSegmentMetadata> segs = s.segments();
        for (long from = 0; from <= 1001; from++) {
            LogSegmentMetadata expected = null;
            for (LogSegmentMetadata seg : segs) {
                if (seg.sequenceNumber() >= from) {
                    expected = seg;
                    break;
                }
            }
            assertThat(ReadPositions.nextSegment(segs, from, Set.of())).as("from %d", from).isSameAs(expected);
        }
        LogSegmentMetadata eleventh = s.find(new SegmentId(11, 1011));
        assertThat(ReadPositions.nextSegment(segs, 11, Set.of(SegmentId.of(eleventh))).sequenceNumber()).isEqualTo(12);
    }
}
