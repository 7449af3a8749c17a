package io.dlog.protocol.entry;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * Constants and checksum of the version 1 entry layout (see {@code docs/format.md}). Stateless; thread-safe.
 */
final class EntryFormat {
    /** The only version this build writes and reads. */
    static final byte VERSION = 1;
    /** Header length in bytes; the body starts here. */
    static final int HEADER_LENGTH = 24;
    /** Fixed part of a record: flags (4) + txid (8) + payload length (4). */
    static final int RECORD_OVERHEAD = 16;
    /**
     * Largest uncompressed body the writer builds, so that every compressor's worst-case output (and the header)
     * still fits in one buffer.
     */
    static final int MAX_BODY_LENGTH = 1 << 30;

    static final int OFFSET_VERSION = 0;
    static final int OFFSET_CODEC = 1;
    static final int OFFSET_RESERVED = 2;
    static final int OFFSET_RECORD_COUNT = 4;
    static final int OFFSET_RECORDS_BEFORE = 8;
    static final int OFFSET_UNCOMPRESSED_LENGTH = 16;
    static final int OFFSET_CRC = 20;

    private EntryFormat() {
    }

    /**
     * Returns the entry checksum: the CRC32C of the header bytes before the CRC field ({@code index} to
     * {@code index + 19}) followed by the {@code storedBodyLength} body bytes from {@code index + 24}. Reads
     * composite buffers without copying and moves no index.
     */
    static long checksum(ByteBuf entry, int index, int storedBodyLength) {
        CRC32C crc = new CRC32C();
        update(crc, entry, index, OFFSET_CRC);
        update(crc, entry, index + HEADER_LENGTH, storedBodyLength);
        return crc.getValue();
    }

    private static void update(CRC32C crc, ByteBuf buf, int index, int length) {
        if (length > 0) {
            for (ByteBuffer part : buf.nioBuffers(index, length)) {
                crc.update(part);
            }
        }
    }

    /**
     * Writes the header at the start of {@code entry}, whose body (after the header, up to the writer index) is
     * complete, and then the checksum over both (absolute sets; indexes unchanged).
     */
    static void seal(ByteBuf entry, CompressionCodec codec, int recordCount, long recordsBefore,
            int uncompressedLength) {
        entry.setByte(OFFSET_VERSION, VERSION);
        entry.setByte(OFFSET_CODEC, codec.id());
        entry.setShort(OFFSET_RESERVED, 0);
        entry.setInt(OFFSET_RECORD_COUNT, recordCount);
        entry.setLong(OFFSET_RECORDS_BEFORE, recordsBefore);
        entry.setInt(OFFSET_UNCOMPRESSED_LENGTH, uncompressedLength);
        entry.setInt(OFFSET_CRC, (int) checksum(entry, 0, entry.writerIndex() - HEADER_LENGTH));
    }
}
