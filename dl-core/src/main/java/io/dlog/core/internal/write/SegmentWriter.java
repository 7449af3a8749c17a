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
 * The writing state of one in-progress segment: the record set being filled, the entries in flight, and what
 * has been acknowledged. Confined to the log executor; not thread-safe.
 */
final class SegmentWriter {
    final LogSegmentMetadata started;
    final int znodeVersion;
    final WriteHandle handle;
    final long startNanos;
    private final CompressionCodec codec;

    private RecordSetWriter set;
    /** Size of the last entry sent: the next set starts at it, so a steady load never grows its buffer. */
    private int lastEntryBytes = 4096;
    private List<PendingRecord> setRecords;
    final ArrayDeque<InFlightEntry> inFlight = new ArrayDeque<>();
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
        this.startNanos = System.nanoTime();
    }

    long seq() {
        return started.sequenceNumber();
    }

    boolean hasOpenSet() {
        return set != null;
    }

    int openSetBytes() {
        return set == null ? 0 : set.encodedBytes();
    }

    /** Whether the segment holds anything a reader must see (so it is kept, not deleted, at close). */
    boolean hasContent() {
        return applicationRecordsSent > 0 || endOfStreamWritten;
    }

    /** Adds a record to the open set (opening one if needed) and returns the DLSN it will have. */
    DLSN append(PendingRecord pr) {
        if (set == null) {
            set = RecordSetWriter.create(PooledByteBufAllocator.DEFAULT, codec, applicationRecordsSent,
                    lastEntryBytes + 1024);
            setRecords = new ArrayList<>();
        }
        DLSN dlsn = new DLSN(seq(), nextEntryId, set.recordCount());
        set.append(pr.record);
        setRecords.add(pr);
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
        lastEntryBytes = set.encodedBytes();
        ByteBuf entry = set.finish();
        applicationRecordsSent += set.applicationRecordCount();
        out.addAll(setRecords);
        set = null;
        setRecords = null;
        return entry;
    }

    /** Fails and discards the open set (its records were never sent). */
    List<PendingRecord> discardOpenSet() {
        List<PendingRecord> dropped = setRecords == null ? List.of() : setRecords;
        if (set != null) {
            set.close();
        }
        set = null;
        setRecords = null;
        return dropped;
    }

    /** Makes a control record entry's record. */
    static LogRecord controlRecord(long txid) {
        return new LogRecord(txid, new byte[0], LogRecord.FLAG_CONTROL);
    }
}
