package io.dlog.protocol.entry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.dlog.protocol.DLException;
import io.dlog.protocol.LogRecord;
import io.dlog.protocol.Seeds;
import io.dlog.protocol.StatusCode;
import io.dlog.protocol.entry.RandomRecordSets.RecordSpec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A damaged entry never decodes: flipping any bits of any one byte (header, CRC or body), truncating at any
 * length or appending bytes gives {@link StatusCode#INVALID_ENVELOPED_ENTRY}. The CRC32C covers every byte but
 * its own field, and a CRC detects every error confined to 32 consecutive bits, so no single-byte flip is missed.
 *
 * <p>The exhaustive tests walk every position of sample entries; the randomized ones draw record sets, codecs,
 * positions and masks from a seed per invocation (see {@link Seeds}).
 */
class RecordSetCorruptionTest {
    private static final int[] MASKS = {0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80, 0xFF, 0x5A};

    static LongStream flipSeeds() {
        return Seeds.of("RecordSetCorruptionTest.flip", 1000);
    }

    static LongStream truncationSeeds() {
        return Seeds.of("RecordSetCorruptionTest.truncation", 300);
    }

    static LongStream garbageSeeds() {
        return Seeds.of("RecordSetCorruptionTest.garbage", 300);
    }

    @Test
    void decodeShouldRejectEveryFlippedByteOfAnEntryForEveryCodec() throws DLException {
        for (CompressionCodec codec : CompressionCodec.values()) {
            byte[] entry = encode(codec, sampleRecords());
            assertThat(entry[EntryFormat.OFFSET_CODEC]).as("sample must really be compressed").isEqualTo(codec.id());
            decode(entry);
            for (int pos = 0; pos < entry.length; pos++) {
                for (int mask : MASKS) {
                    assertFlipIsCaught(entry, pos, mask);
                }
            }
        }
    }

    @Test
    void decodeShouldRejectEveryChangeOfAnyOneHeaderByteForEveryCodec() throws DLException {
        for (CompressionCodec codec : CompressionCodec.values()) {
            byte[] entry = encode(codec, sampleRecords());
            decode(entry);
            for (int pos = 0; pos < EntryFormat.HEADER_LENGTH; pos++) {
                for (int mask = 1; mask <= 0xFF; mask++) {
                    assertFlipIsCaught(entry, pos, mask);
                }
            }
        }
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("flipSeeds")
    void decodeShouldRejectAnEntryWithOneFlippedByte(long seed) {
        Seeds.check(seed, random -> {
            byte[] entry = encode(RandomRecordSets.codec(random), randomRecords(random));
            decode(entry);
            // Half the flips hit the header, which is a small part of most entries.
            int pos = random.nextBoolean() ? random.nextInt(EntryFormat.HEADER_LENGTH) : random.nextInt(entry.length);
            assertFlipIsCaught(entry, pos, RandomRecordSets.between(random, 1, 0xFF));
        });
    }

    @Test
    void decodeShouldRejectAnEntryTruncatedAtAnyLengthForEveryCodec() {
        for (CompressionCodec codec : CompressionCodec.values()) {
            byte[] entry = encode(codec, sampleRecords());
            for (int length = 0; length < entry.length; length++) {
                assertInvalid(Arrays.copyOf(entry, length));
            }
        }
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("truncationSeeds")
    void decodeShouldRejectATruncatedEntry(long seed) {
        Seeds.check(seed, random -> {
            byte[] entry = encode(RandomRecordSets.codec(random), randomRecords(random));
            assertInvalid(Arrays.copyOf(entry, random.nextInt(entry.length)));
        });
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("garbageSeeds")
    void decodeShouldRejectAnEntryWithTrailingGarbage(long seed) {
        Seeds.check(seed, random -> {
            byte[] entry = encode(RandomRecordSets.codec(random), randomRecords(random));
            byte[] garbage = new byte[RandomRecordSets.between(random, 1, 64)];
            random.nextBytes(garbage);
            byte[] longer = Arrays.copyOf(entry, entry.length + garbage.length);
            System.arraycopy(garbage, 0, longer, entry.length, garbage.length);
            assertInvalid(longer);
        });
    }

    private static List<LogRecord> randomRecords(Random random) {
        List<RecordSpec> specs = RandomRecordSets.smallRecordSet(random);
        return RandomRecordSets.toRecords(specs);
    }

    private static void assertFlipIsCaught(byte[] entry, int pos, int mask) {
        byte[] damaged = entry.clone();
        damaged[pos] ^= (byte) mask;
        assertThat(catchThrowable(() -> decode(damaged)))
                .as("decoding after a flip 0x%02x at byte %d of %d", mask, pos, entry.length)
                .isInstanceOfSatisfying(DLException.class,
                        e -> assertThat(e.code()).isEqualTo(StatusCode.INVALID_ENVELOPED_ENTRY));
    }

    private static void assertInvalid(byte[] entry) {
        assertThat(catchThrowable(() -> decode(entry)))
                .as("decoding an entry of %d bytes", entry.length)
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
        ByteBuf entry = RandomRecordSets.encode(UnpooledByteBufAllocator.DEFAULT, codec, 42, records);
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
