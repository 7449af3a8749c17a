package io.dlog.core.internal.write;

import io.dlog.core.internal.metadata.LogInfo;
import io.dlog.protocol.LogSegmentMetadata;
import java.util.concurrent.CompletableFuture;
import org.apache.bookkeeper.client.api.WriteHandle;

/**
 * Where the writer's segments go: ledgers to create, the chains that end a segment (close its ledger, commit its
 * metadata) at a roll, at sealing and at close, and the write lock. The writer starts a chain once the segment
 * has settled and handles its result on its own executor. {@link BookKeeperSegmentSink} is the real one; unit
 * tests drive the writer's state machine through a fake.
 */
interface SegmentSink {

    /** Creates (pre-allocates) the ledger of segment {@code seq}. */
    CompletableFuture<WriteHandle> createLedger(long seq);

    /**
     * Rolls: ends the segment and creates the next one, whose ledger is the pre-allocated one (or a new one).
     *
     * @return the next segment's ledger, once its metadata committed
     */
    CompletableFuture<WriteHandle> roll(SegmentWriter seg, LogSegmentMetadata completed, LogSegmentMetadata next,
            long maxTxId, int logVersion, CompletableFuture<WriteHandle> preallocated);

    /**
     * Seals: ends the segment and marks the log sealed in one metadata transaction.
     *
     * @return the log znode's new version
     */
    CompletableFuture<Integer> seal(SegmentWriter seg, LogSegmentMetadata completed, long maxTxId,
            LogInfo sealed, int logVersion);

    /**
     * Closes: ends the segment (completes it, or removes it if empty) and releases the lock whatever happened.
     *
     * @return the failure, or null
     */
    CompletableFuture<Throwable> close(SegmentWriter seg, boolean keep, LogSegmentMetadata completed, long maxTxId,
            int logVersion);

    /** Releases the write lock (off the caller's thread). */
    CompletableFuture<Void> releaseLock();

    /**
     * Marks the lock lost after the client lost a ZooKeeper session, unless the lock belongs to {@code liveSession}
     * (0: the client has no live session, so the lock is lost).
     */
    void sessionLost(long liveSession, String why);

    /** Deletes a pre-allocated ledger no segment references; never fails. */
    CompletableFuture<Void> deletePreallocated(CompletableFuture<WriteHandle> pre);
}
