package io.dlog.protocol.entry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dlog.protocol.DLException;
import io.dlog.protocol.LogRecord;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Buffer ownership, lifecycle, counters and byte layout of {@link RecordSetWriter}. */
class RecordSetWriterTest {
    private static final byte[] HELLO = "hello".getBytes(StandardCharsets.US_ASCII);

    private final TrackingAllocator alloc = new TrackingAllocator();

    @AfterEach
    void everyBufferIsReleased() {
        alloc.assertAllReleased();
    }

    @ParameterizedTest
    @EnumSource(CompressionCodec.class)
    void closeAfterFinishShouldNotReleaseTheHandedOverEntry(CompressionCodec codec) {
        RecordSetWriter writer = RecordSetWriter.create(alloc, codec, 0);
        writer.append(LogRecord.of(1, text(4096)));
        ByteBuf entry = writer.finish();
        writer.close();
        writer.close();
        assertThat(entry.refCnt()).isEqualTo(1);
        assertThat(alloc.unreleased()).as("only the entry is still referenced").isEqualTo(1);
        entry.release();
    }

    @ParameterizedTest
    @EnumSource(CompressionCodec.class)
    void closeWithoutFinishShouldReleaseTheBuffer(CompressionCodec codec) {
        RecordSetWriter writer = RecordSetWriter.create(alloc, codec, 0);
        writer.append(LogRecord.of(1, HELLO));
        writer.close();
        writer.close();
        assertThat(alloc.allocations()).isEqualTo(1);
    }

    @Test
    void appendShouldThrowIllegalStateAfterFinish() {
        RecordSetWriter writer = RecordSetWriter.create(alloc, CompressionCodec.NONE, 0);
        writer.finish().release();
        assertThatThrownBy(() -> writer.append(LogRecord.of(1, HELLO))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(writer::finish).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void appendShouldThrowIllegalStateAfterClose() {
        RecordSetWriter writer = RecordSetWriter.create(alloc, CompressionCodec.LZ4, 0);
        writer.close();
        assertThatThrownBy(() -> writer.append(LogRecord.of(1, HELLO))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(writer::finish).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void appendShouldRejectAnUnassignedTxidAndKeepTheWriterUsable() throws DLException {
        try (RecordSetWriter writer = RecordSetWriter.create(alloc, CompressionCodec.NONE, 0)) {
            assertThatThrownBy(() -> writer.append(LogRecord.of(HELLO))).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> writer.append(null)).isInstanceOf(NullPointerException.class);
            assertThat(writer.recordCount()).isZero();
            assertThat(writer.encodedBytes()).isEqualTo(24);
            writer.append(LogRecord.of(3, HELLO));
            ByteBuf entry = writer.finish();
            try {
                assertThat(RecordSetReader.decode(entry, 1, 0, 1024).records()).hasSize(1);
            } finally {
                entry.release();
            }
        }
    }

    @Test
    void createShouldRejectBadArguments() {
        assertThatThrownBy(() -> RecordSetWriter.create(alloc, CompressionCodec.NONE, -1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RecordSetWriter.create(null, CompressionCodec.NONE, 0))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> RecordSetWriter.create(alloc, null, 0)).isInstanceOf(NullPointerException.class);
        assertThat(alloc.allocations()).isZero();
    }

    @Test
    void countersShouldTrackRecordsControlRecordsAndUncompressedBytes() {
        try (RecordSetWriter writer = RecordSetWriter.create(alloc, CompressionCodec.ZSTD, 0)) {
            writer.append(LogRecord.of(1, HELLO));
            writer.append(new LogRecord(1, new byte[0], LogRecord.FLAG_CONTROL));
            writer.append(new LogRecord(2, text(1000), LogRecord.FLAG_NONE));
            writer.append(new LogRecord(2, new byte[0], LogRecord.FLAG_END_OF_STREAM));

            assertThat(writer.recordCount()).isEqualTo(4);
            assertThat(writer.applicationRecordCount()).isEqualTo(2);
            assertThat(writer.encodedBytes()).isEqualTo(24 + 4 * 16 + 5 + 1000);
            ByteBuf entry = writer.finish();
            assertThat(entry.readableBytes()).as("compressed").isLessThan(writer.encodedBytes());
            assertThat(writer.encodedBytes()).as("still readable after finish").isEqualTo(24 + 4 * 16 + 5 + 1000);
            entry.release();
        }
    }

    @Test
    void finishShouldProduceExactlyTheBytesTheFormatSpecifies() {
        List<LogRecord> records = List.of(new LogRecord(7, HELLO, LogRecord.FLAG_NONE),
                new LogRecord(-3, new byte[0], LogRecord.FLAG_CONTROL));
        RawEntry expected = RawEntry.of(records);
        expected.recordsBefore = 1234;

        ByteBuf entry = RandomRecordSets.encode(alloc, CompressionCodec.NONE, 1234, records);
        try {
            assertThat(ByteBufUtil.hexDump(entry)).isEqualTo(ByteBufUtil.hexDump(expected.toBytes()));
            String header = "01" + "00" + "0000" + "00000002" + "00000000000004d2" + "00000025";
            CRC32C crc = new CRC32C();
            crc.update(ByteBufUtil.decodeHexDump(header));
            crc.update(expected.body);
            // version, codec, reserved, record count, records before, body length, CRC32C of all that and the body
            assertThat(ByteBufUtil.hexDump(entry, 0, 24)).isEqualTo(header + String.format("%08x", crc.getValue()));
            assertThat(ByteBufUtil.hexDump(entry, 20, 4)).as("the example of docs/format.md").isEqualTo("82baf676");
            assertThat(ByteBufUtil.hexDump(entry, 24, 16)).isEqualTo("00000000" + "0000000000000007" + "00000005");
        } finally {
            entry.release();
        }
    }

    @ParameterizedTest
    @EnumSource(value = CompressionCodec.class, names = {"LZ4", "ZSTD"})
    void finishShouldCompressABodyThatCompressionShrinks(CompressionCodec codec) {
        ByteBuf entry = RandomRecordSets.encode(alloc, codec, 0, List.of(LogRecord.of(1, text(64 * 1024))));
        try {
            assertThat(entry.getByte(EntryFormat.OFFSET_CODEC)).isEqualTo(codec.id());
            assertThat(entry.getInt(EntryFormat.OFFSET_UNCOMPRESSED_LENGTH)).isEqualTo(16 + 64 * 1024);
            assertThat(entry.readableBytes()).isLessThan(8 * 1024);
        } finally {
            entry.release();
        }
    }

    @ParameterizedTest
    @EnumSource(value = CompressionCodec.class, names = {"LZ4", "ZSTD"})
    void finishShouldStoreTheBodyUncompressedWhenCompressionDoesNotShrinkIt(CompressionCodec codec)
            throws DLException {
        byte[] random = new byte[10_000];
        new Random(1).nextBytes(random);
        ByteBuf entry = RandomRecordSets.encode(alloc, codec, 0, List.of(LogRecord.of(1, random)));
        try {
            assertThat(entry.getByte(EntryFormat.OFFSET_CODEC)).isEqualTo(CompressionCodec.NONE.id());
            assertThat(entry.readableBytes()).isEqualTo(24 + 16 + 10_000);
            assertThat(RecordSetReader.decode(entry, 1, 0, 1 << 20).records().get(0).payload()).isEqualTo(random);
        } finally {
            entry.release();
        }
    }

    @ParameterizedTest
    @EnumSource(CompressionCodec.class)
    void finishShouldProduceAnEmptyEntryWhenNothingWasAppended(CompressionCodec codec) throws DLException {
        ByteBuf entry = RandomRecordSets.encode(alloc, codec, 5, List.of());
        try {
            DecodedEntry decoded = RecordSetReader.decode(entry, 1, 0, 0);
            assertThat(decoded.records()).isEmpty();
            assertThat(decoded.recordsBefore()).isEqualTo(5);
        } finally {
            entry.release();
        }
    }

    @Test
    void appendShouldGrowTheBufferForLargePayloads() throws DLException {
        byte[] big = text(3 << 20);
        ByteBuf entry = RandomRecordSets.encode(alloc, CompressionCodec.NONE, 0,
                List.of(LogRecord.of(1, big), LogRecord.of(2, HELLO)));
        try {
            DecodedEntry decoded = RecordSetReader.decode(entry, 1, 0, 4 << 20);
            assertThat(decoded.records().get(0).payload()).isEqualTo(big);
            assertThat(decoded.records().get(1).payload()).isEqualTo(HELLO);
        } finally {
            entry.release();
        }
    }

    private static byte[] text(int size) {
        byte[] pattern = "segment ledger entry ".getBytes(StandardCharsets.US_ASCII);
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = pattern[i % pattern.length];
        }
        return bytes;
    }
}
