package io.dlog.core.internal.read;

import static org.assertj.core.api.Assertions.assertThat;

import io.dlog.protocol.LogSegmentMetadata;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link MetadataSnapshot#find}: a binary search over segments in sequence order, with gaps (deleted ones). */
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
}
