package io.dlog.protocol.entry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.Zstd;
import io.dlog.protocol.DLException;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.LogRecord;
import io.dlog.protocol.LogRecordWithDLSN;
import io.dlog.protocol.StatusCode;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;
import net.jpountz.lz4.LZ4Factory;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Decoding of hand-built entries: each one is wrong in exactly one way, with a correct CRC unless stated. */
class RecordSetReaderTest {
    private static final int CAP = 1 << 20;
    private static final byte[] HELLO = "hello".getBytes(StandardCharsets.US_ASCII);
    private static final List<LogRecord> TWO = List.of(new LogRecord(7, HELLO, LogRecord.FLAG_NONE),
            new LogRecord(8, new byte[0], LogRecord.FLAG_CONTROL));

    private final TrackingAllocator alloc = new TrackingAllocator();

    @AfterEach
    void everyBufferIsReleased() {
        alloc.assertAllReleased();
    }

    @Test
    void decodeShouldReturnRecordsWithDlsnsWhenEntryFollowsTheSpec() throws DLException {
        RawEntry raw = RawEntry.of(TWO);
        raw.recordsBefore = 99;

        DecodedEntry decoded = decode(raw, 4, 12);

        assertThat(decoded.segmentSequenceNumber()).isEqualTo(4);
        assertThat(decoded.entryId()).isEqualTo(12);
        assertThat(decoded.recordsBefore()).isEqualTo(99);
        assertThat(decoded.records()).containsExactly(
                new LogRecordWithDLSN(new DLSN(4, 12, 0), 7, HELLO, LogRecord.FLAG_NONE),
                new LogRecordWithDLSN(new DLSN(4, 12, 1), 8, new byte[0], LogRecord.FLAG_CONTROL));
    }

    @Test
    void decodeShouldAcceptAnEmptyEntry() throws DLException {
        assertThat(decode(RawEntry.of(List.of()), 1, 0).records()).isEmpty();
    }

    @Test
    void decodeShouldFailWithInvalidEnvelopedEntryWhenCrcDoesNotMatch() {
        RawEntry raw = RawEntry.of(TWO);
        raw.crc = 0x12345678L;
        assertInvalid(raw, "CRC32C mismatch: header says 12345678");
    }

    @Test
    void decodeShouldFailWithInvalidEnvelopedEntryWhenCrcCoversTheBodyOnly() {
        RawEntry raw = RawEntry.of(TWO);
        CRC32C bodyOnly = new CRC32C();
        bodyOnly.update(raw.body);
        raw.crc = bodyOnly.getValue();
        assertInvalid(raw, "CRC32C mismatch: header says " + Long.toHexString(bodyOnly.getValue()));
    }

    @Test
    void decodeShouldFailWithInvalidEnvelopedEntryWhenRecordsBeforeChangesAfterTheCrc() {
        RawEntry raw = RawEntry.of(TWO);
        raw.recordsBefore = 1234;
        raw.crc = RawEntry.checksum(raw.toBytes());
        raw.recordsBefore = 1235;
        assertInvalid(raw, "entry CRC32C mismatch");
    }

    @Test
    void decodeShouldFailWithInvalidEnvelopedEntryWhenVersionIsUnknown() {
        for (int version : new int[] {0, 2, 255}) {
            RawEntry raw = RawEntry.of(TWO);
            raw.version = version;
            assertInvalid(raw, "unsupported entry version " + version + ", expected 1");
        }
    }

    @Test
    void decodeShouldFailWithInvalidEnvelopedEntryWhenCodecIsUnknown() {
        for (int codec : new int[] {3, 128, 255}) {
            RawEntry raw = RawEntry.of(TWO);
            raw.codec = codec;
            assertInvalid(raw, "unknown compression codec id " + codec);
        }
    }

    @Test
    void decodeShouldFailWithInvalidEnvelopedEntryWhenReservedBitsAreSet() {
        RawEntry raw = RawEntry.of(TWO);
        raw.reserved = 0x0100;
        assertInvalid(raw, "reserved header bits are 0x100");
    }

    @Test
    void decodeShouldFailWithInvalidEnvelopedEntryWhenShorterThanTheHeader() {
        byte[] bytes = Arrays.copyOf(RawEntry.of(TWO).toBytes(), 23);
        ByteBuf buf = alloc.directBuffer(23).writeBytes(bytes);
        try {
            assertInvalid(() -> RecordSetReader.decode(buf, 1, 2, CAP), "entry is 23 bytes, shorter than");
        } finally {
            buf.release();
        }
    }

    @Test
    void decodeShouldFailWithoutAllocatingWhenDeclaredUncompressedLengthIsTwoGib() {
        for (CompressionCodec codec : CompressionCodec.values()) {
            RawEntry raw = RawEntry.of(TWO);
            raw.codec = codec.id();
            raw.uncompressedLength = 1L << 31;
            for (int cap : new int[] {CAP, Integer.MAX_VALUE}) {
                assertInvalid(raw, cap, "declared uncompressed body length 2147483648 exceeds the cap of " + cap);
            }
        }
        assertThat(alloc.largestRequest()).as("largest allocation").isLessThan(1024);
    }

    @Test
    void decodeShouldFailWhenDeclaredLengthIsOneOverTheCapAndSucceedAtTheCap() throws DLException {
        RawEntry raw = RawEntry.of(TWO);
        int bodyLength = raw.body.length;
        assertInvalid(raw, bodyLength - 1, "exceeds the cap of " + (bodyLength - 1));
        assertThat(decode(raw, bodyLength).records()).hasSize(2);
    }

    @Test
    void decodeShouldFailWithInvalidEnvelopedEntryWhenRecordCountIsAbsurd() {
        RawEntry raw = RawEntry.of(TWO);
        raw.recordCount = 0xFFFFFFFFL;
        assertInvalid(raw, "record count 4294967295 cannot fit in a body of 37 bytes (at most 2 records)");
    }

    @Test
    void decodeShouldFailWithInvalidEnvelopedEntryWhenRecordCountIsLowerThanTheRecords() {
        RawEntry raw = RawEntry.of(TWO);
        raw.recordCount = 1;
        assertInvalid(raw, "16 trailing bytes after the last of 1 records");
    }

    @Test
    void decodeShouldFailWithInvalidEnvelopedEntryWhenRecordCountIsHigherThanTheRecords() {
        RawEntry raw = RawEntry.of(List.of(new LogRecord(1, new byte[40], 0)));
        raw.recordCount = 2;
        assertInvalid(raw, "record 1 of 2 at body offset 56 needs 16 header bytes, 0 left");
    }

    @Test
    void decodeShouldFailWithInvalidEnvelopedEntryWhenPayloadLengthRunsPastTheBody() {
        RawEntry raw = RawEntry.of(List.of(new LogRecord(7, HELLO, 0)));
        raw.body[12 + 3] = 6;
        assertInvalid(raw, "record 0 declares a payload of 6 bytes, 5 left");
        raw.body[12] = (byte) 0xFF;
        assertInvalid(raw, "record 0 declares a payload of 4278190086 bytes");
    }

    @Test
    void decodeShouldFailWithInvalidEnvelopedEntryWhenGarbageFollowsTheLastRecord() {
        RawEntry raw = RawEntry.of(TWO);
        raw.body = Arrays.copyOf(raw.body, raw.body.length + 3);
        assertInvalid(raw, "3 trailing bytes after the last of 2 records");
    }

    @Test
    void decodeShouldFailWithInvalidEnvelopedEntryWhenUncompressedLengthDiffersFromStoredBody() {
        RawEntry raw = RawEntry.of(TWO);
        raw.uncompressedLength = (long) raw.body.length + 16;
        assertInvalid(raw, "uncompressed entry: body length declared 53, stored 37");
    }

    @Test
    void decodeShouldFailWithInvalidEnvelopedEntryWhenATxidIsUnassigned() {
        assertInvalid(RawEntry.of(List.of(new LogRecord(LogRecord.AUTO_TXID, HELLO, 0))), "unassigned txid");
    }

    @Test
    void decodeShouldFailWithInvalidEnvelopedEntryWhenCompressedBodyIsGarbage() {
        for (CompressionCodec codec : List.of(CompressionCodec.LZ4, CompressionCodec.ZSTD)) {
            RawEntry raw = RawEntry.of(TWO);
            raw.codec = codec.id();
            assertInvalid(raw, codec + " body is malformed");
        }
    }

    @Test
    void decodeShouldFailWithInvalidEnvelopedEntryWhenBodyDecompressesToFewerBytesThanDeclared() {
        byte[] body = RawEntry.body(TWO);
        byte[] lz4 = LZ4Factory.fastestInstance().fastCompressor().compress(body);
        byte[] zstd = Zstd.compress(body);
        for (CompressionCodec codec : List.of(CompressionCodec.LZ4, CompressionCodec.ZSTD)) {
            RawEntry raw = RawEntry.of(TWO);
            raw.codec = codec.id();
            raw.body = codec == CompressionCodec.LZ4 ? lz4 : zstd;
            raw.uncompressedLength = (long) body.length + 16;
            assertInvalid(raw, codec + " body decompressed to 37 bytes, header declares 53");
        }
    }

    @Test
    void decodeShouldFailWithInvalidEnvelopedEntryWhenBodyDecompressesToMoreBytesThanDeclared() {
        byte[] body = RawEntry.body(TWO);
        for (CompressionCodec codec : List.of(CompressionCodec.LZ4, CompressionCodec.ZSTD)) {
            RawEntry raw = RawEntry.of(TWO);
            raw.codec = codec.id();
            raw.body = codec == CompressionCodec.LZ4 ? LZ4Factory.fastestInstance().fastCompressor().compress(body)
                    : Zstd.compress(body);
            raw.uncompressedLength = (long) body.length - 1;
            raw.recordCount = 1;
            assertInvalid(raw, codec + " body is malformed");
        }
    }

    @Test
    void decodeShouldNotReleaseOrMoveTheEntry() throws DLException {
        ByteBuf buf = RawEntry.of(TWO).toBuf(alloc);
        try {
            int readerIndex = buf.readerIndex();
            int writerIndex = buf.writerIndex();
            RecordSetReader.decode(buf, 1, 1, CAP);
            assertThat(buf.refCnt()).isEqualTo(1);
            assertThat(buf.readerIndex()).isEqualTo(readerIndex);
            assertThat(buf.writerIndex()).isEqualTo(writerIndex);
        } finally {
            buf.release();
        }
    }

    @Test
    void decodeShouldRejectNegativeArgumentsAsProgrammingErrors() {
        ByteBuf buf = RawEntry.of(TWO).toBuf(alloc);
        try {
            assertThatThrownBy(() -> RecordSetReader.decode(buf, -1, 0, CAP))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> RecordSetReader.decode(buf, 1, -1, CAP))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> RecordSetReader.decode(buf, 1, 0, -1))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> RecordSetReader.decode(null, 1, 0, CAP)).isInstanceOf(NullPointerException.class);
        } finally {
            buf.release();
        }
    }

    private DecodedEntry decode(RawEntry raw, long seg, long entryId) throws DLException {
        ByteBuf buf = raw.toBuf(alloc);
        try {
            return RecordSetReader.decode(buf, seg, entryId, CAP);
        } finally {
            buf.release();
        }
    }

    private DecodedEntry decode(RawEntry raw, int cap) throws DLException {
        ByteBuf buf = raw.toBuf(alloc);
        try {
            return RecordSetReader.decode(buf, 1, 0, cap);
        } finally {
            buf.release();
        }
    }

    private void assertInvalid(RawEntry raw, String messagePart) {
        assertInvalid(raw, CAP, messagePart);
    }

    private void assertInvalid(RawEntry raw, int cap, String messagePart) {
        ByteBuf buf = raw.toBuf(alloc);
        try {
            assertInvalid(() -> RecordSetReader.decode(buf, 3, 5, cap), messagePart);
        } finally {
            buf.release();
        }
    }

    private static void assertInvalid(ThrowingCallable decode, String messagePart) {
        assertThatThrownBy(decode)
                .isInstanceOfSatisfying(DLException.class,
                        e -> assertThat(e.code()).isEqualTo(StatusCode.INVALID_ENVELOPED_ENTRY))
                .hasMessageContaining("seg=")
                .hasMessageContaining(messagePart);
    }
}
