package io.dlog.protocol.entry;

import io.dlog.protocol.DLException;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.LogRecord;
import io.dlog.protocol.LogRecordWithDLSN;
import io.dlog.protocol.StatusCode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Decodes entries written by {@link RecordSetWriter} (layout in {@code docs/format.md}).
 *
 * <p>Decoding validates everything before trusting it: the header fields, the declared uncompressed length
 * against the caller's cap (before allocating anything of that size), the record count against the body length
 * (before allocating the list), the CRC32C of the header and the stored body (before decompressing), every
 * record's length, the decompressed length, and that no bytes follow the last record. Any failure is a
 * {@link DLException} with {@link StatusCode#INVALID_ENVELOPED_ENTRY} whose message names the segment and entry
 * and the expected and actual values; decoding never returns records that differ from the ones written.
 *
 * <p>Stateless and thread-safe.
 */
public final class RecordSetReader {

    private RecordSetReader() {
    }

    /**
     * Decodes one entry.
     *
     * <p>Ownership: {@code entry} is borrowed. It is neither released nor are its indexes moved. A compressed body
     * is decompressed into a temporary direct buffer from {@code entry.alloc()}, released before returning. The
     * returned payload arrays are fresh copies that belong to the caller.
     *
     * @param entry the entry's bytes, from its reader index to its writer index
     * @param segmentSequenceNumber the segment the entry belongs to (used for DLSNs and messages)
     * @param entryId the entry's id within the segment; record {@code i} gets {@code DLSN(seg, entryId, i)}
     * @param maxDecompressedBytes the largest uncompressed body accepted (the decompression-bomb cap)
     * @return the entry's records in slot order, control records included
     * @throws DLException with {@link StatusCode#INVALID_ENVELOPED_ENTRY} if the entry is truncated, corrupt, of
     *     an unknown version or codec, or larger than the cap uncompressed
     * @throws NullPointerException if entry is null
     * @throws IllegalArgumentException if segmentSequenceNumber, entryId or maxDecompressedBytes is negative
     */
    public static DecodedEntry decode(ByteBuf entry, long segmentSequenceNumber, long entryId,
            int maxDecompressedBytes) throws DLException {
        Objects.requireNonNull(entry, "entry");
        if (segmentSequenceNumber < 0 || entryId < 0 || maxDecompressedBytes < 0) {
            throw new IllegalArgumentException("negative argument: seg=" + segmentSequenceNumber + " entry="
                    + entryId + " maxDecompressedBytes=" + maxDecompressedBytes);
        }
        return new Decoding(entry, segmentSequenceNumber, entryId, maxDecompressedBytes).run();
    }

    /** The state of one decode call: the entry, where it is, and the header fields read so far. */
    private static final class Decoding {
        private final ByteBuf entry;
        private final int base;
        private final int length;
        private final long seg;
        private final long entryId;
        private final int maxDecompressedBytes;
        private CompressionCodec codec;
        private long recordCount;
        private long recordsBefore;
        private int uncompressedLength;

        Decoding(ByteBuf entry, long seg, long entryId, int maxDecompressedBytes) {
            this.entry = entry;
            this.base = entry.readerIndex();
            this.length = entry.readableBytes();
            this.seg = seg;
            this.entryId = entryId;
            this.maxDecompressedBytes = maxDecompressedBytes;
        }

        DecodedEntry run() throws DLException {
            readHeader();
            int storedLength = length - EntryFormat.HEADER_LENGTH;
            long storedCrc = entry.getUnsignedInt(base + EntryFormat.OFFSET_CRC);
            long actualCrc = EntryFormat.checksum(entry, base, storedLength);
            if (storedCrc != actualCrc) {
                throw fail("entry CRC32C mismatch: header says " + Long.toHexString(storedCrc) + ", header bytes 0-"
                        + (EntryFormat.OFFSET_CRC - 1) + " and " + storedLength + " stored body bytes give "
                        + Long.toHexString(actualCrc));
            }
            if (codec == CompressionCodec.NONE) {
                if (storedLength != uncompressedLength) {
                    throw fail("uncompressed entry: body length declared " + uncompressedLength + ", stored "
                            + storedLength);
                }
                return new DecodedEntry(seg, entryId, recordsBefore,
                        readRecords(entry, base + EntryFormat.HEADER_LENGTH));
            }
            return decodeCompressed(storedLength);
        }

        private void readHeader() throws DLException {
            if (length < EntryFormat.HEADER_LENGTH) {
                throw fail("entry is " + length + " bytes, shorter than the " + EntryFormat.HEADER_LENGTH
                        + "-byte header");
            }
            int version = entry.getUnsignedByte(base + EntryFormat.OFFSET_VERSION);
            if (version != EntryFormat.VERSION) {
                throw fail("unsupported entry version " + version + ", expected " + EntryFormat.VERSION);
            }
            int codecId = entry.getUnsignedByte(base + EntryFormat.OFFSET_CODEC);
            try {
                codec = CompressionCodec.fromId(codecId);
            } catch (DLException e) {
                throw fail(e.getMessage());
            }
            int reserved = entry.getUnsignedShort(base + EntryFormat.OFFSET_RESERVED);
            if (reserved != 0) {
                throw fail("reserved header bits are 0x" + Integer.toHexString(reserved) + ", expected 0");
            }
            recordCount = entry.getUnsignedInt(base + EntryFormat.OFFSET_RECORD_COUNT);
            recordsBefore = entry.getLong(base + EntryFormat.OFFSET_RECORDS_BEFORE);
            if (recordsBefore < 0) {
                throw fail("records-before count is negative: " + recordsBefore);
            }
            long declared = entry.getUnsignedInt(base + EntryFormat.OFFSET_UNCOMPRESSED_LENGTH);
            if (declared > maxDecompressedBytes) {
                throw fail("declared uncompressed body length " + declared + " exceeds the cap of "
                        + maxDecompressedBytes + " bytes");
            }
            uncompressedLength = (int) declared;
            long maxRecords = uncompressedLength / EntryFormat.RECORD_OVERHEAD;
            if (recordCount > maxRecords) {
                throw fail("record count " + recordCount + " cannot fit in a body of " + uncompressedLength
                        + " bytes (at most " + maxRecords + " records)");
            }
        }

        private DecodedEntry decodeCompressed(int storedLength) throws DLException {
            ByteBuf source = null;
            // Capacity at least 1: a zero-capacity buffer may have no native address to hand to a codec.
            ByteBuf body = entry.alloc().directBuffer(Math.max(1, uncompressedLength));
            try {
                ByteBuffer src;
                if (codec == CompressionCodec.ZSTD && !isSingleDirect(storedLength)) {
                    // zstd-jni reads direct memory only: copy a heap or composite body once.
                    source = entry.alloc().directBuffer(Math.max(1, storedLength));
                    source.writeBytes(entry, base + EntryFormat.HEADER_LENGTH, storedLength);
                    src = source.nioBuffer(0, storedLength);
                } else {
                    src = entry.nioBuffer(base + EntryFormat.HEADER_LENGTH, storedLength);
                }
                if (codec == CompressionCodec.LZ4) {
                    // Pooled memory holds old data; lz4-java's Java decompressors before 1.10.1 can leak stale
                    // destination bytes into the output on crafted input (CVE-2025-66566). We build with the fixed
                    // fork, but start from zeros anyway in case an older lz4-java ends up on the classpath.
                    body.setZero(0, uncompressedLength);
                }
                long produced = decompress(src, body.nioBuffer(0, uncompressedLength));
                if (produced != uncompressedLength) {
                    throw fail(codec + " body decompressed to " + produced + " bytes, header declares "
                            + uncompressedLength);
                }
                body.writerIndex(uncompressedLength);
                return new DecodedEntry(seg, entryId, recordsBefore, readRecords(body, 0));
            } finally {
                body.release();
                if (source != null) {
                    source.release();
                }
            }
        }

        private boolean isSingleDirect(int storedLength) {
            return entry.isDirect() && entry.nioBufferCount() == 1
                    && entry.nioBuffer(base + EntryFormat.HEADER_LENGTH, storedLength).isDirect();
        }

        private long decompress(ByteBuffer src, ByteBuffer dst) throws DLException {
            try {
                long produced = BlockCompression.decompress(codec, src, dst);
                if (produced < 0) {
                    throw fail(codec + " body is malformed");
                }
                return produced;
            } catch (RuntimeException e) {
                // lz4-java and zstd-jni report malformed input with their own unchecked exceptions.
                DLException failure = fail(codec + " body is malformed: " + e.getMessage());
                failure.initCause(e);
                throw failure;
            }
        }

        /** Reads {@code recordCount} records from exactly {@code uncompressedLength} bytes at {@code start}. */
        private List<LogRecordWithDLSN> readRecords(ByteBuf body, int start) throws DLException {
            // Parsed through one NIO view with absolute gets: a ByteBuf checks its reference count on every
            // get, which was half of a catch-up reader's decode time (issue 13). A body in several parts (a
            // composite buffer) is copied once into one array first.
            ByteBuffer view = body.nioBufferCount() == 1
                    ? body.nioBuffer(start, uncompressedLength)
                    : ByteBuffer.wrap(ByteBufUtil.getBytes(body, start, uncompressedLength, false));
            return readRecords(view.order(ByteOrder.BIG_ENDIAN), view.position());
        }

        private List<LogRecordWithDLSN> readRecords(ByteBuffer body, int start) throws DLException {
            int end = start + uncompressedLength;
            int pos = start;
            List<LogRecordWithDLSN> records = new ArrayList<>((int) recordCount);
            for (int slot = 0; slot < recordCount; slot++) {
                if (end - pos < EntryFormat.RECORD_OVERHEAD) {
                    throw fail("record " + slot + " of " + recordCount + " at body offset " + (pos - start)
                            + " needs " + EntryFormat.RECORD_OVERHEAD + " header bytes, " + (end - pos) + " left");
                }
                int flags = body.getInt(pos);
                long txid = body.getLong(pos + 4);
                long payloadLength = Integer.toUnsignedLong(body.getInt(pos + 12));
                pos += EntryFormat.RECORD_OVERHEAD;
                if (payloadLength > end - pos) {
                    throw fail("record " + slot + " declares a payload of " + payloadLength + " bytes, "
                            + (end - pos) + " left in the body");
                }
                if (txid == LogRecord.AUTO_TXID) {
                    throw fail("record " + slot + " has the unassigned txid " + txid);
                }
                byte[] payload = new byte[(int) payloadLength];
                body.get(pos, payload);
                pos += payload.length;
                records.add(new LogRecordWithDLSN(new DLSN(seg, entryId, slot), txid, payload, flags));
            }
            if (pos != end) {
                throw fail((end - pos) + " trailing bytes after the last of " + recordCount + " records");
            }
            return records;
        }

        private DLException fail(String detail) {
            return new DLException(StatusCode.INVALID_ENVELOPED_ENTRY, "invalid entry seg=" + seg + " entry="
                    + entryId + ": " + detail);
        }
    }
}
