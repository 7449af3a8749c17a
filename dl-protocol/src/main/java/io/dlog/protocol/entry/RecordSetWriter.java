package io.dlog.protocol.entry;

import io.dlog.protocol.LogRecord;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Builds one entry (a record set) in the layout of {@code docs/format.md}.
 *
 * <p>Records are written straight into a direct buffer taken from the given allocator, behind a reserved
 * 24-byte header that {@link #finish()} fills in last, since its CRC32C covers the other header fields and the
 * stored body. With a compressing codec, {@link #finish()} compresses the body into a second buffer and releases
 * the first; if compression would not make the body smaller, the entry is stored uncompressed instead (its
 * header then names {@link CompressionCodec#NONE}), which every reader handles.
 *
 * <p>Ownership: the writer owns its buffer until {@link #finish()} hands the complete entry to the caller, who
 * must release it; {@link #close()} releases it if {@link #finish()} was not called. The records' payload arrays
 * are copied during {@link #append(LogRecord)} and not kept.
 *
 * <p>Not thread-safe: confine a writer to one thread (or one ordered executor).
 */
public final class RecordSetWriter implements AutoCloseable {
    /** Initial buffer capacity: enough for a header and a few small records without growing. */
    private static final int INITIAL_CAPACITY = 4096;
    /** Bytes of an entry's header, before its first record. */
    public static final int HEADER_BYTES = EntryFormat.HEADER_LENGTH;

    /**
     * Returns the bytes a record adds to an entry's uncompressed body.
     *
     * @param payloadLength the record's payload length
     * @return the payload length plus the record's framing
     */
    public static int recordBytes(int payloadLength) {
        return EntryFormat.RECORD_OVERHEAD + payloadLength;
    }

    private final ByteBufAllocator alloc;
    private final CompressionCodec codec;
    private final long recordsBefore;
    private ByteBuf buffer;
    private State state = State.OPEN;
    private int recordCount;
    private int applicationRecordCount;
    private int encodedBytes;

    private RecordSetWriter(ByteBufAllocator alloc, CompressionCodec codec, long recordsBefore, int capacity) {
        this.alloc = alloc;
        this.codec = codec;
        this.recordsBefore = recordsBefore;
        this.buffer = alloc.directBuffer(capacity);
        buffer.writeZero(EntryFormat.HEADER_LENGTH);
        this.encodedBytes = EntryFormat.HEADER_LENGTH;
    }

    /**
     * Starts an empty entry.
     *
     * @param alloc where the entry's buffers come from (a pooled allocator in production)
     * @param codec how {@link #finish()} compresses the body
     * @param recordsBefore the number of application records in the same segment before this entry
     * @return a writer that owns a newly allocated buffer; close it
     * @throws NullPointerException if alloc or codec is null
     * @throws IllegalArgumentException if recordsBefore is negative
     */
    public static RecordSetWriter create(ByteBufAllocator alloc, CompressionCodec codec, long recordsBefore) {
        return create(alloc, codec, recordsBefore, INITIAL_CAPACITY);
    }

    /**
     * Starts an empty entry whose buffer starts at a given capacity, so that a writer that knows how large its
     * entries turn out (the previous one, say) avoids growing and copying the buffer record by record.
     *
     * @param alloc where the entry's buffers come from (a pooled allocator in production)
     * @param codec how {@link #finish()} compresses the body
     * @param recordsBefore the number of application records in the same segment before this entry
     * @param initialCapacity the buffer's starting capacity in bytes (raised to the header size if smaller)
     * @return a writer that owns a newly allocated buffer; close it
     * @throws NullPointerException if alloc or codec is null
     * @throws IllegalArgumentException if recordsBefore is negative
     */
    public static RecordSetWriter create(ByteBufAllocator alloc, CompressionCodec codec, long recordsBefore,
            int initialCapacity) {
        Objects.requireNonNull(alloc, "alloc");
        Objects.requireNonNull(codec, "codec");
        if (recordsBefore < 0) {
            throw new IllegalArgumentException("recordsBefore must not be negative: " + recordsBefore);
        }
        return new RecordSetWriter(alloc, codec, recordsBefore, Math.max(EntryFormat.HEADER_LENGTH,
                initialCapacity));
    }

    /**
     * Appends a record after the ones already appended; its slot is {@link #recordCount()} before the call.
     *
     * @param record the record; its txid must be assigned already; the payload is copied
     * @throws NullPointerException if record is null
     * @throws IllegalArgumentException if the txid is {@link LogRecord#AUTO_TXID}, or the entry would exceed
     *     1 GiB uncompressed
     * @throws IllegalStateException after {@link #finish()} or {@link #close()}
     */
    public void append(LogRecord record) {
        Objects.requireNonNull(record, "record");
        checkOpen("append");
        if (record.hasAutoTxid()) {
            throw new IllegalArgumentException("record txid must be assigned before it is encoded: " + record);
        }
        byte[] payload = record.payload();
        long bodyAfter = (long) encodedBytes - EntryFormat.HEADER_LENGTH + EntryFormat.RECORD_OVERHEAD
                + payload.length;
        if (bodyAfter > EntryFormat.MAX_BODY_LENGTH) {
            throw new IllegalArgumentException("entry body would be " + bodyAfter + " bytes; at most "
                    + EntryFormat.MAX_BODY_LENGTH + " allowed");
        }
        int length = EntryFormat.RECORD_OVERHEAD + payload.length;
        buffer.ensureWritable(length);
        int at = buffer.writerIndex();
        // One bounds and liveness check for the whole record: ByteBuf's per-field writes check each time, which
        // showed in the write path's profile at small records.
        ByteBuffer out = buffer.internalNioBuffer(at, length).order(ByteOrder.BIG_ENDIAN);
        out.putInt(record.flags()).putLong(record.txid()).putInt(payload.length).put(payload);
        buffer.writerIndex(at + length);
        encodedBytes = at + length;
        recordCount++;
        if (!record.isControl()) {
            applicationRecordCount++;
        }
    }

    /** Returns the number of records appended, control records included. */
    public int recordCount() {
        return recordCount;
    }

    /** Returns the number of appended records that are not control records. */
    public int applicationRecordCount() {
        return applicationRecordCount;
    }

    /**
     * Returns the header plus the uncompressed body bytes appended so far: what a batch-size limit is checked
     * against. The finished entry may be smaller when compressed.
     */
    public int encodedBytes() {
        return encodedBytes;
    }

    /**
     * Completes the entry and hands it over. The writer is unusable afterwards.
     *
     * @return the complete entry, readable from its reader index; the caller owns it and must release it
     * @throws IllegalStateException if called twice or after {@link #close()}
     */
    public ByteBuf finish() {
        checkOpen("finish");
        state = State.FINISHED;
        ByteBuf body = buffer;
        buffer = null;
        if (codec == CompressionCodec.NONE) {
            return sealUncompressed(body);
        }
        ByteBuf compressed;
        try {
            compressed = compress(body);
        } catch (RuntimeException | Error e) {
            body.release();
            throw e;
        }
        if (compressed == null) {
            return sealUncompressed(body);
        }
        body.release();
        return compressed;
    }

    /** Releases the buffer unless {@link #finish()} handed it over. Idempotent. */
    @Override
    public void close() {
        if (state == State.OPEN) {
            state = State.CLOSED;
            ByteBuf b = buffer;
            buffer = null;
            b.release();
        }
    }

    private ByteBuf sealUncompressed(ByteBuf body) {
        int bodyLength = body.writerIndex() - EntryFormat.HEADER_LENGTH;
        EntryFormat.seal(body, CompressionCodec.NONE, recordCount, recordsBefore, bodyLength);
        return body;
    }

    /**
     * Returns the compressed entry in a new buffer, or null (having released that buffer) when compression does
     * not make the body smaller. Does not release {@code body}.
     */
    private ByteBuf compress(ByteBuf body) {
        int bodyLength = body.writerIndex() - EntryFormat.HEADER_LENGTH;
        int bound = BlockCompression.maxCompressedLength(codec, bodyLength);
        ByteBuf out = alloc.directBuffer(EntryFormat.HEADER_LENGTH + bound);
        try {
            ByteBuffer src = body.nioBuffer(EntryFormat.HEADER_LENGTH, bodyLength);
            ByteBuffer dst = out.nioBuffer(EntryFormat.HEADER_LENGTH, bound);
            int compressedLength = BlockCompression.compress(codec, src, dst);
            if (compressedLength >= bodyLength) {
                out.release();
                return null;
            }
            out.writerIndex(EntryFormat.HEADER_LENGTH + compressedLength);
            EntryFormat.seal(out, codec, recordCount, recordsBefore, bodyLength);
            return out;
        } catch (RuntimeException | Error e) {
            out.release();
            throw e;
        }
    }

    private void checkOpen(String operation) {
        if (state != State.OPEN) {
            throw new IllegalStateException("cannot " + operation + ": record set writer is " + state);
        }
    }

    /** Lifecycle: OPEN, then FINISHED (buffer handed over) or CLOSED (buffer released). */
    private enum State {
        OPEN,
        FINISHED,
        CLOSED
    }
}
