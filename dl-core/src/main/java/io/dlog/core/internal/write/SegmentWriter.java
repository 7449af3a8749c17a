package io.dlog.core.internal.write;

import io.dlog.protocol.DLSN;
import io.dlog.protocol.LogRecord;
import io.dlog.protocol.LogSegmentMetadata;
import io.dlog.protocol.entry.CompressionCodec;
import io.dlog.protocol.entry.RecordSetWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.apache.bookkeeper.client.api.WriteHandle;

/**
 * The writing state of one in-progress segment: the records of the open set, the entries in flight, and what
 * has been acknowledged. The open set keeps its records, not their encoding: the entry is encoded in one pass when
 * the set is sealed, into a buffer of exactly its size, and often on the flush timer's thread rather than the
 * writing one. Guarded by the writer's monitor; not thread-safe.
 */
final class SegmentWriter {
    final LogSegmentMetadata started;
    final int znodeVersion;
    final WriteHandle handle;
    private final CompressionCodec codec;

    private List<PendingRecord> setRecords;
    private int setBytes;
    final ArrayDeque<InFlightEntry> inFlight = new ArrayDeque<>();
    /** Acknowledged entries whose records' futures are being completed outside the writer's monitor. */
    int acksCompleting;
    long nextEntryId;
    long applicationRecordsSent;
    long bytesSent;

    long firstTxId = -1;
    long ackedRecords;
    long lastAckedTxId = -1;
    DLSN lastAckedDLSN = DLSN.INVALID;
    boolean endOfStreamWritten;

    SegmentWriter(LogSegmentMetadata started, int znodeVersion, WriteHandle handle, CompressionCodec codec) {
        this.started = started;
        this.znodeVersion = znodeVersion;
        this.handle = handle;
        this.codec = codec;
    }

    long seq() {
        return started.sequenceNumber();
    }

    /**
     * Whether every entry sent is acknowledged and its records' futures completed: what a roll, seal or close
     * waits for, so that it never overtakes an acknowledgement (nor starts twice, once from each side).
     */
    boolean settled() {
        return inFlight.isEmpty() && acksCompleting == 0;
    }

    boolean hasOpenSet() {
        return setRecords != null;
    }

    /** The open set's uncompressed encoded size (header included), 0 if no set is open. */
    int openSetBytes() {
        return setBytes;
    }

    /** Whether the segment holds anything a reader must see (so it is kept, not deleted, at close). */
    boolean hasContent() {
        return applicationRecordsSent > 0 || endOfStreamWritten;
    }

    /** Adds a record to the open set (opening one if needed) and returns the DLSN it will have. */
    DLSN append(PendingRecord pr) {
        if (setRecords == null) {
            setRecords = new ArrayList<>();
            setBytes = RecordSetWriter.HEADER_BYTES;
        }
        DLSN dlsn = new DLSN(seq(), nextEntryId, setRecords.size());
        setRecords.add(pr);
        setBytes += pr.bytes;
        if (firstTxId < 0 && !pr.record.isControl()) {
            firstTxId = pr.record.txid();
        }
        if (pr.record.isEndOfStream()) {
            endOfStreamWritten = true;
        }
        pr.dlsn = dlsn;
        return dlsn;
    }

    /** Closes the open set into an entry; the caller sends the returned buffer (and so gives it away). */
    ByteBuf seal(List<PendingRecord> out) {
        ByteBuf entry;
        try (RecordSetWriter set = RecordSetWriter.create(PooledByteBufAllocator.DEFAULT, codec,
                applicationRecordsSent, setBytes)) {
            for (PendingRecord pr : setRecords) {
                set.append(pr.record);
            }
            applicationRecordsSent += set.applicationRecordCount();
            entry = set.finish();
        }
        out.addAll(setRecords);
        setRecords = null;
        setBytes = 0;
        return entry;
    }

    /** Fails and discards the open set (its records were never sent). */
    List<PendingRecord> discardOpenSet() {
        List<PendingRecord> dropped = setRecords == null ? List.of() : setRecords;
        setRecords = null;
        setBytes = 0;
        return dropped;
    }

    /** Makes a control record entry's record. */
    static LogRecord controlRecord(long txid) {
        return new LogRecord(txid, new byte[0], LogRecord.FLAG_CONTROL);
    }
}
