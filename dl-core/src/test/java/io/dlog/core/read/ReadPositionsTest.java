package io.dlog.core.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dlog.core.internal.read.ReadPositions;
import io.dlog.core.internal.read.SegmentId;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.LogSegmentMetadata;
import io.dlog.protocol.LogTruncatedException;
import io.dlog.protocol.SegmentState;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReadPositionsTest {

    private static LogSegmentMetadata completed(long seq, long ledger, long firstTxId, long lastTxId, long records) {
        return LogSegmentMetadata.inProgress(seq, ledger, firstTxId, 0)
                .complete(firstTxId, lastTxId, new DLSN(seq, 3, 0), records, 100, 1);
    }

    private static LogSegmentMetadata inProgress(long seq, long ledger) {
        return LogSegmentMetadata.inProgress(seq, ledger, -1, 0);
    }

    @Test
    void truncationPointShouldBeNullWhenFirstSegmentIsMissingOnlyBecauseItWasEmpty() throws Exception {
        List<LogSegmentMetadata> segs = List.of(completed(2, 20, 1, 10, 10), inProgress(3, 30));
        assertNull(ReadPositions.truncationPoint(segs));
        ReadPositions.checkNotTruncated("ns/log", ReadPositions.firstReadable(segs, null), DLSN.INITIAL); // no exception
    }

    @Test
    void checkShouldFailWithTruncatedNamingFirstReadableWhenPositionIsBelowIt() throws Exception {
        List<LogSegmentMetadata> segs = List.of(completed(1, 10, 1, 10, 10).withState(SegmentState.TRUNCATED),
                completed(2, 20, 11, 20, 10), inProgress(3, 30));
        assertEquals(new DLSN(2, 0, 0), ReadPositions.truncationPoint(segs));
        LogTruncatedException e = assertThrows(LogTruncatedException.class,
                () -> ReadPositions.checkNotTruncated("ns/log", ReadPositions.firstReadable(segs, null), new DLSN(1, 5, 0)));
        assertTrue(e.getMessage().contains("2:0:0"), e.getMessage());
        ReadPositions.checkNotTruncated("ns/log", ReadPositions.firstReadable(segs, null), new DLSN(2, 0, 0));
    }

    @Test
    void truncationPointShouldBeMinActiveDLSNWhenFirstSegmentIsPartlyTruncated() {
        List<LogSegmentMetadata> segs = List.of(completed(1, 10, 1, 10, 10).withMinActiveDLSN(new DLSN(1, 2, 1)));
        assertEquals(new DLSN(1, 2, 1), ReadPositions.truncationPoint(segs));
        assertThrows(LogTruncatedException.class,
                () -> ReadPositions.checkNotTruncated("ns/log", ReadPositions.firstReadable(segs, null), new DLSN(1, 2, 0)));
    }

    @Test
    void nextSegmentShouldSkipFinishedAndTruncatedSegmentsAndAcceptAReusedSequenceNumber() {
        LogSegmentMetadata s1 = completed(1, 10, 1, 10, 10).withState(SegmentState.TRUNCATED);
        LogSegmentMetadata s2 = completed(2, 20, 11, 20, 10);
        LogSegmentMetadata s3 = inProgress(3, 31);
        List<LogSegmentMetadata> segs = List.of(s1, s2, s3);
        assertEquals(s2, ReadPositions.nextSegment(segs, 1, Set.of()));
        assertEquals(s3, ReadPositions.nextSegment(segs, 2, Set.of(new SegmentId(2, 20))));
        // Segment 3 on ledger 30 vanished (empty, deleted) and came back on ledger 31: read the new one.
        assertEquals(s3, ReadPositions.nextSegment(segs, 3, Set.of(new SegmentId(3, 30))));
        assertNull(ReadPositions.nextSegment(segs, 3, Set.of(new SegmentId(3, 31))));
        assertNull(ReadPositions.nextSegment(segs, 9, Set.of()));
    }

    @Test
    void segmentForTxIdShouldChooseFirstCompletedSegmentReachingTheTxidElseTheInProgressOne() {
        LogSegmentMetadata s1 = completed(1, 10, 1, 10, 10);
        LogSegmentMetadata empty = completed(2, 20, -1, -1, 0);
        LogSegmentMetadata s3 = completed(3, 30, 11, 20, 10);
        LogSegmentMetadata s4 = inProgress(4, 40);
        List<LogSegmentMetadata> segs = List.of(s1, empty, s3, s4);
        assertEquals(s1, ReadPositions.segmentForTxId(segs, 0));
        assertEquals(s1, ReadPositions.segmentForTxId(segs, 10));
        assertEquals(s3, ReadPositions.segmentForTxId(segs, 11));
        assertEquals(s4, ReadPositions.segmentForTxId(segs, 21));
        assertNull(ReadPositions.segmentForTxId(List.of(s1, s3), 21));
        assertEquals(new DLSN(4, 0, 0), ReadPositions.afterLast(List.of(s1, empty, s3)));
        assertEquals(DLSN.INITIAL, ReadPositions.afterLast(List.of()));
    }

    @Test
    void firstReadableShouldBeTheLaterOfTheRecordedPointAndTheSegmentsPoint() {
        List<LogSegmentMetadata> segs = List.of(completed(1, 10, 1, 10, 10).withState(SegmentState.TRUNCATED),
                completed(2, 20, 11, 20, 10), inProgress(3, 30));
        assertEquals(new DLSN(2, 0, 0), ReadPositions.firstReadable(segs, null));
        assertEquals(new DLSN(3, 7, 2), ReadPositions.firstReadable(segs, new DLSN(3, 7, 2)));
        assertEquals(new DLSN(2, 0, 0), ReadPositions.firstReadable(segs, new DLSN(1, 4, 0)));
        assertEquals(new DLSN(1, 0, 5), ReadPositions.firstReadable(List.of(inProgress(1, 10)), new DLSN(1, 0, 5)));
        assertNull(ReadPositions.firstReadable(List.of(inProgress(1, 10)), null));
        assertThrows(LogTruncatedException.class,
                () -> ReadPositions.checkNotTruncated("ns/log", new DLSN(3, 7, 2), new DLSN(3, 7, 1)));
    }

    @Test
    void startEntryShouldBeTheStartsEntryOnlyInTheStartsSegment() {
        LogSegmentMetadata s = completed(2, 20, 1, 10, 10).withMinActiveDLSN(new DLSN(2, 4, 0));
        assertEquals(5, ReadPositions.startEntry(s, new DLSN(2, 5, 1)));
        assertEquals(0, ReadPositions.startEntry(s, new DLSN(1, 5, 1)));
    }
}
