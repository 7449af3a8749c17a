package io.dlog.proxy.write.internal.ownership;

import io.dlog.protocol.DLSN;
import io.dlog.protocol.LogRecord;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Submits the stream requests of {@link StreamOps} to a {@link StreamTable}; the entry point for the service. */
public final class Requests {
    private final StreamTable table;

    /**
     * Makes the entry point.
     *
     * @param table the streams
     */
    public Requests(StreamTable table) {
        this.table = table;
    }

    /**
     * Writes one record.
     *
     * @param stream a valid stream name
     * @param record the record
     * @return its position once durable
     */
    public CompletableFuture<DLSN> write(String stream, LogRecord record) {
        CompletableFuture<DLSN> f = new CompletableFuture<>();
        table.submit(stream, new StreamOps.Write(record, f));
        return f;
    }

    /**
     * Writes records as one entry.
     *
     * @param stream a valid stream name
     * @param records records whose record-set size fits {@code writer.batch.max.bytes}
     * @return their positions once durable
     */
    public CompletableFuture<List<DLSN>> writeBulk(String stream, List<LogRecord> records) {
        CompletableFuture<List<DLSN>> f = new CompletableFuture<>();
        table.submit(stream, new StreamOps.Bulk(records, f));
        return f;
    }

    /**
     * Truncates through the owner's writer.
     *
     * @param stream a valid stream name
     * @param dlsn the first position to keep
     * @return completes when the truncation point is recorded
     */
    public CompletableFuture<Void> truncate(String stream, DLSN dlsn) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        table.submit(stream, new StreamOps.Truncate(dlsn, f));
        return f;
    }

    /**
     * Takes (or keeps) ownership of a stream without writing.
     *
     * @param stream a valid stream name
     * @return completes when this proxy owns the stream
     */
    public CompletableFuture<Void> heartbeat(String stream) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        table.submit(stream, new StreamOps.Heartbeat(f));
        return f;
    }

    /** Bytes a list of records takes in a record set. */
    public static long recordSetBytes(List<LogRecord> records) {
        return StreamOps.bulkBytes(records);
    }
}
