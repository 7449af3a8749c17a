package io.dlog.protocol.entry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dlog.protocol.DLException;
import io.dlog.protocol.LogRecord;
import io.dlog.protocol.LogRecordWithDLSN;
import io.dlog.protocol.Seeds;
import io.dlog.protocol.StatusCode;
import io.dlog.protocol.entry.RandomRecordSets.RecordSpec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Randomized tests: every record set the writer accepts decodes back to the same records, for every codec. Each
 * invocation is one case drawn from its seed (see {@link Seeds}).
 */
class RecordSetRoundTripTest {
    private static final int TRIES = 200;

    static LongStream noneSeeds() {
        return Seeds.of("RecordSetRoundTripTest.none", TRIES);
    }

    static LongStream lz4Seeds() {
        return Seeds.of("RecordSetRoundTripTest.lz4", TRIES);
    }

    static LongStream zstdSeeds() {
        return Seeds.of("RecordSetRoundTripTest.zstd", TRIES);
    }

    static LongStream bufferSeeds() {
        return Seeds.of("RecordSetRoundTripTest.buffers", TRIES);
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("noneSeeds")
    void decodeShouldReturnTheAppendedRecordsWhenCodecIsNone(long seed) {
        Seeds.check(seed, random -> assertRoundTrip(CompressionCodec.NONE, random));
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("lz4Seeds")
    void decodeShouldReturnTheAppendedRecordsWhenCodecIsLz4(long seed) {
        Seeds.check(seed, random -> assertRoundTrip(CompressionCodec.LZ4, random));
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("zstdSeeds")
    void decodeShouldReturnTheAppendedRecordsWhenCodecIsZstd(long seed) {
        Seeds.check(seed, random -> assertRoundTrip(CompressionCodec.ZSTD, random));
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("bufferSeeds")
    void decodeShouldWorkOnPooledHeapReadOnlyCompositeAndOffsetCopiesOfAnEntry(long seed) {
        Seeds.check(seed, RecordSetRoundTripTest::assertDecodesInAnyBuffer);
    }

    private static void assertDecodesInAnyBuffer(Random random) throws DLException {
        List<RecordSpec> specs = RandomRecordSets.smallRecordSet(random);
        CompressionCodec codec = RandomRecordSets.codec(random);
        int offset = RandomRecordSets.between(random, 0, 64);
        int pieces = RandomRecordSets.between(random, 1, 64);
        String what = codec + " entry of " + specs + " at offset " + offset + " / in " + pieces + " pieces";
        PooledByteBufAllocator pool = UncachedPool.create();
        List<LogRecord> records = RandomRecordSets.toRecords(specs);
        ByteBuf entry = RandomRecordSets.encode(pool, codec, 5, records);
        try {
            DecodedEntry expected = new DecodedEntry(3, 9, 5, RandomRecordSets.expected(records, 3, 9));
            assertThat(RecordSetReader.decode(entry, 3, 9, Integer.MAX_VALUE)).as(what).isEqualTo(expected);

            ByteBuf shifted = Unpooled.buffer(offset + entry.readableBytes());
            shifted.writeZero(offset).writeBytes(entry, entry.readerIndex(), entry.readableBytes());
            shifted.readerIndex(offset);
            assertThat(RecordSetReader.decode(shifted, 3, 9, Integer.MAX_VALUE)).as(what).isEqualTo(expected);
            assertThat(shifted.readerIndex()).isEqualTo(offset);
            shifted.release();

            // as BookKeeper hands an entry over: a slice of a read-only NIO buffer whose views keep absolute positions
            byte[] copy = new byte[offset + entry.readableBytes()];
            entry.getBytes(entry.readerIndex(), copy, offset, entry.readableBytes());
            ByteBuf readOnly = Unpooled.wrappedBuffer(ByteBuffer.wrap(copy).asReadOnlyBuffer())
                    .slice(offset, entry.readableBytes());
            assertThat(RecordSetReader.decode(readOnly, 3, 9, Integer.MAX_VALUE)).as(what).isEqualTo(expected);
            readOnly.release();

            CompositeByteBuf composite = split(pool, entry, pieces);
            assertThat(RecordSetReader.decode(composite, 3, 9, Integer.MAX_VALUE)).as(what).isEqualTo(expected);
            composite.release();
        } finally {
            entry.release();
        }
        assertThat(UncachedPool.activeAllocations(pool)).as(what).isZero();
    }

    private static void assertRoundTrip(CompressionCodec codec, Random random) throws DLException {
        List<RecordSpec> specs = RandomRecordSets.recordSet(random);
        long recordsBefore = RandomRecordSets.nonNegative(random);
        long seg = RandomRecordSets.nonNegative(random);
        long entryId = RandomRecordSets.nonNegative(random);
        assertRoundTrip(codec, specs, recordsBefore, seg, entryId);
    }

    private static void assertRoundTrip(CompressionCodec codec, List<RecordSpec> specs, long recordsBefore, long seg,
            long entryId) throws DLException {
        TrackingAllocator alloc = new TrackingAllocator();
        List<LogRecord> records = RandomRecordSets.toRecords(specs);
        int bodyLength;
        ByteBuf entry;
        try (RecordSetWriter writer = RecordSetWriter.create(alloc, codec, recordsBefore)) {
            records.forEach(writer::append);
            bodyLength = writer.encodedBytes() - EntryFormat.HEADER_LENGTH;
            entry = writer.finish();
        }
        try {
            int readerIndex = entry.readerIndex();
            DecodedEntry decoded = RecordSetReader.decode(entry, seg, entryId, bodyLength);

            List<LogRecordWithDLSN> expected = RandomRecordSets.expected(records, seg, entryId);
            assertThat(decoded).as("%s entry of %s, %d before, at %d:%d", codec, specs, recordsBefore, seg, entryId)
                    .isEqualTo(new DecodedEntry(seg, entryId, recordsBefore, expected));
            assertThat(entry.readerIndex()).as("decode must not move the reader index").isEqualTo(readerIndex);
            assertThat(entry.refCnt()).as("decode must not release the entry").isEqualTo(1);
            int storedCodec = entry.getByte(entry.readerIndex() + EntryFormat.OFFSET_CODEC);
            assertThat(storedCodec).isIn(0, (int) codec.id());
            if (bodyLength > 0) {
                assertThatThrownBy(() -> RecordSetReader.decode(entry, seg, entryId, bodyLength - 1))
                        .isInstanceOfSatisfying(DLException.class,
                                e -> assertThat(e.code()).isEqualTo(StatusCode.INVALID_ENVELOPED_ENTRY));
            }
        } finally {
            entry.release();
        }
        alloc.assertAllReleased();
    }

    private static CompositeByteBuf split(ByteBufAllocator alloc, ByteBuf entry, int pieces) {
        CompositeByteBuf composite = alloc.compositeDirectBuffer(Math.max(2, pieces));
        int length = entry.readableBytes();
        int step = Math.max(1, (length + pieces - 1) / pieces);
        for (int at = 0; at < length; at += step) {
            int n = Math.min(step, length - at);
            ByteBuf piece = alloc.directBuffer(n);
            piece.writeBytes(entry, entry.readerIndex() + at, n);
            composite.addComponent(true, piece);
        }
        return composite;
    }
}
