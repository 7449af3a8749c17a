package io.dlog.protocol.entry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dlog.protocol.DLException;
import io.dlog.protocol.LogRecord;
import io.dlog.protocol.StatusCode;
import io.dlog.protocol.entry.RecordSetArbitraries.RecordSpec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * A damaged entry never decodes into records other than the ones written: flipping any byte, truncating at any
 * length or appending bytes gives {@link StatusCode#INVALID_ENVELOPED_ENTRY}.
 *
 * <p>The one exception is the records-before field (bytes 8 to 15): the format's CRC covers the body only, so a
 * flip there that keeps the value non-negative goes unnoticed by this codec (BookKeeper's per-entry CRC32C digest
 * catches it in storage). The tests pin down that even then the records themselves are never wrong.
 */
class RecordSetCorruptionTest {
    private static final int RECORDS_BEFORE_FROM = EntryFormat.OFFSET_RECORDS_BEFORE;
    private static final int RECORDS_BEFORE_TO = EntryFormat.OFFSET_RECORDS_BEFORE + Long.BYTES;
    private static final int[] MASKS = {0x01, 0x80, 0xFF, 0x5A};

    @Provide
    Arbitrary<List<RecordSpec>> smallRecordSets() {
        return RecordSetArbitraries.smallRecordSets();
    }

    @Example
    void decodeShouldRejectEveryFlippedByteOfAnEntryForEveryCodec() throws DLException {
        for (CompressionCodec codec : CompressionCodec.values()) {
            byte[] entry = encode(codec, sampleRecords());
            assertThat(entry[EntryFormat.OFFSET_CODEC]).as("sample must really be compressed").isEqualTo(codec.id());
            DecodedEntry original = decode(entry);
            for (int pos = 0; pos < entry.length; pos++) {
                for (int mask : MASKS) {
                    assertFlipIsCaught(entry, pos, mask, original);
                }
            }
        }
    }

    @Property(tries = 1000)
    void decodeShouldRejectAnEntryWithOneFlippedByte(@ForAll("smallRecordSets") List<RecordSpec> specs,
            @ForAll CompressionCodec codec, @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int position,
            @ForAll @IntRange(min = 1, max = 255) int mask, @ForAll boolean inHeader) throws DLException {
        byte[] entry = encode(codec, RecordSetArbitraries.toRecords(specs));
        int pos = inHeader ? position % EntryFormat.HEADER_LENGTH : position % entry.length;
        assertFlipIsCaught(entry, pos, mask, decode(entry));
    }

    @Example
    void decodeShouldRejectAnEntryTruncatedAtAnyLengthForEveryCodec() {
        for (CompressionCodec codec : CompressionCodec.values()) {
            byte[] entry = encode(codec, sampleRecords());
            for (int length = 0; length < entry.length; length++) {
                assertInvalid(Arrays.copyOf(entry, length));
            }
        }
    }

    @Property(tries = 300)
    void decodeShouldRejectATruncatedEntry(@ForAll("smallRecordSets") List<RecordSpec> specs,
            @ForAll CompressionCodec codec, @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int cut) {
        byte[] entry = encode(codec, RecordSetArbitraries.toRecords(specs));
        assertInvalid(Arrays.copyOf(entry, cut % entry.length));
    }

    @Property(tries = 300)
    void decodeShouldRejectAnEntryWithTrailingGarbage(@ForAll("smallRecordSets") List<RecordSpec> specs,
            @ForAll CompressionCodec codec, @ForAll @Size(min = 1, max = 64) byte[] garbage) {
        byte[] entry = encode(codec, RecordSetArbitraries.toRecords(specs));
        byte[] longer = Arrays.copyOf(entry, entry.length + garbage.length);
        System.arraycopy(garbage, 0, longer, entry.length, garbage.length);
        assertInvalid(longer);
    }

    private static void assertFlipIsCaught(byte[] entry, int pos, int mask, DecodedEntry original) {
        byte[] damaged = entry.clone();
        damaged[pos] ^= (byte) mask;
        if (pos >= RECORDS_BEFORE_FROM && pos < RECORDS_BEFORE_TO) {
            try {
                DecodedEntry decoded = decode(damaged);
                assertThat(decoded.records()).as("records after a flip at %d", pos).isEqualTo(original.records());
                assertThat(decoded.recordsBefore()).isNotEqualTo(original.recordsBefore());
            } catch (DLException e) {
                assertThat(e.code()).isEqualTo(StatusCode.INVALID_ENVELOPED_ENTRY);
            }
            return;
        }
        assertThatThrownBy(() -> decode(damaged))
                .as("flip 0x%02x at byte %d of %d", mask, pos, entry.length)
                .isInstanceOfSatisfying(DLException.class,
                        e -> assertThat(e.code()).isEqualTo(StatusCode.INVALID_ENVELOPED_ENTRY));
    }

    private static void assertInvalid(byte[] entry) {
        assertThatThrownBy(() -> decode(entry))
                .as("entry of %d bytes", entry.length)
                .isInstanceOfSatisfying(DLException.class,
                        e -> assertThat(e.code()).isEqualTo(StatusCode.INVALID_ENVELOPED_ENTRY));
    }

    private static DecodedEntry decode(byte[] entry) throws DLException {
        TrackingAllocator alloc = new TrackingAllocator();
        ByteBuf buf = alloc.directBuffer(Math.max(1, entry.length)).writeBytes(entry);
        try {
            return RecordSetReader.decode(buf, 2, 7, 1 << 20);
        } finally {
            buf.release();
            alloc.assertAllReleased();
        }
    }

    private static byte[] encode(CompressionCodec codec, List<LogRecord> records) {
        ByteBuf entry = RecordSetArbitraries.encode(UnpooledByteBufAllocator.DEFAULT, codec, 42, records);
        try {
            return ByteBufUtil.getBytes(entry);
        } finally {
            entry.release();
        }
    }

    /** Four records that every codec really compresses, so the flips hit compressed bodies. */
    private static List<LogRecord> sampleRecords() {
        byte[] text = "bookie ledger entry fence quorum ".repeat(8).getBytes(StandardCharsets.US_ASCII);
        return List.of(new LogRecord(10, text, LogRecord.FLAG_NONE),
                new LogRecord(11, new byte[0], LogRecord.FLAG_NONE),
                new LogRecord(11, text, LogRecord.FLAG_CONTROL),
                new LogRecord(12, text, LogRecord.FLAG_END_OF_STREAM));
    }
}
