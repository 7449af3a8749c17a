package io.dlog.protocol.entry;

import io.dlog.protocol.LogRecord;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Builds entry bytes field by field, straight from the layout in {@code docs/format.md} and independently of
 * {@link RecordSetWriter}, so tests can check the writer against the spec and craft entries that are wrong in
 * exactly one way (with a correct CRC unless the test sets one). Mutable; one per test.
 */
final class RawEntry {
    int version = 1;
    int codec;
    int reserved;
    long recordCount;
    long recordsBefore;
    Long uncompressedLength;
    Long crc;
    byte[] body = new byte[0];

    /** An uncompressed entry holding the records. */
    static RawEntry of(List<LogRecord> records) {
        RawEntry raw = new RawEntry();
        raw.recordCount = records.size();
        raw.body = body(records);
        return raw;
    }

    /** The uncompressed body for the records: flags, txid, payload length, payload, back to back. */
    static byte[] body(List<LogRecord> records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (LogRecord r : records) {
            ByteBuffer head = ByteBuffer.allocate(16).putInt(r.flags()).putLong(r.txid()).putInt(r.payload().length);
            out.writeBytes(head.array());
            out.writeBytes(r.payload());
        }
        return out.toByteArray();
    }

    /** Returns the entry's bytes; unless {@link #crc} is set, the CRC32C of header bytes 0..19 and the body. */
    byte[] toBytes() {
        ByteBuffer buf = ByteBuffer.allocate(24 + body.length);
        buf.put((byte) version).put((byte) codec).putShort((short) reserved).putInt((int) recordCount)
                .putLong(recordsBefore)
                .putInt((int) (uncompressedLength == null ? body.length : uncompressedLength))
                .putInt(0)
                .put(body);
        byte[] bytes = buf.array();
        buf.putInt(20, (int) (crc == null ? checksum(bytes) : crc));
        return bytes;
    }

    /** The CRC32C the format specifies for complete entry bytes: header bytes 0..19, then the stored body. */
    static long checksum(byte[] entry) {
        CRC32C checksum = new CRC32C();
        checksum.update(entry, 0, 20);
        checksum.update(entry, 24, entry.length - 24);
        return checksum.getValue();
    }

    /** Returns the entry in a direct buffer from {@code alloc}; the caller releases it. */
    ByteBuf toBuf(ByteBufAllocator alloc) {
        byte[] bytes = toBytes();
        return alloc.directBuffer(bytes.length).writeBytes(bytes);
    }
}
