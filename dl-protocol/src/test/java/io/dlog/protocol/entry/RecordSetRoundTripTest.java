package io.dlog.protocol.entry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dlog.protocol.DLException;
import io.dlog.protocol.LogRecord;
import io.dlog.protocol.LogRecordWithDLSN;
import io.dlog.protocol.StatusCode;
import io.dlog.protocol.entry.RecordSetArbitraries.RecordSpec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** Property tests: every record set the writer accepts decodes back to the same records, for every codec. */
class RecordSetRoundTripTest {

    @Provide
    Arbitrary<List<RecordSpec>> recordSets() {
        return RecordSetArbitraries.recordSets();
    }

    @Provide
    Arbitrary<List<RecordSpec>> smallRecordSets() {
        return RecordSetArbitraries.smallRecordSets();
    }

    @Property(tries = 200)
    void decodeShouldReturnTheAppendedRecordsWhenCodecIsNone(@ForAll("recordSets") List<RecordSpec> specs,
            @ForAll @LongRange(min = 0) long recordsBefore, @ForAll @LongRange(min = 0) long seg,
            @ForAll @LongRange(min = 0) long entryId) throws DLException {
        assertRoundTrip(CompressionCodec.NONE, specs, recordsBefore, seg, entryId);
    }

    @Property(tries = 200)
    void decodeShouldReturnTheAppendedRecordsWhenCodecIsLz4(@ForAll("recordSets") List<RecordSpec> specs,
            @ForAll @LongRange(min = 0) long recordsBefore, @ForAll @LongRange(min = 0) long seg,
            @ForAll @LongRange(min = 0) long entryId) throws DLException {
        assertRoundTrip(CompressionCodec.LZ4, specs, recordsBefore, seg, entryId);
    }

    @Property(tries = 200)
    void decodeShouldReturnTheAppendedRecordsWhenCodecIsZstd(@ForAll("recordSets") List<RecordSpec> specs,
            @ForAll @LongRange(min = 0) long recordsBefore, @ForAll @LongRange(min = 0) long seg,
            @ForAll @LongRange(min = 0) long entryId) throws DLException {
        assertRoundTrip(CompressionCodec.ZSTD, specs, recordsBefore, seg, entryId);
    }

    @Property(tries = 200)
    void decodeShouldWorkOnPooledHeapCompositeAndOffsetCopiesOfAnEntry(
            @ForAll("smallRecordSets") List<RecordSpec> specs, @ForAll CompressionCodec codec,
            @ForAll @IntRange(min = 0, max = 64) int offset, @ForAll @IntRange(min = 1, max = 64) int pieces)
            throws DLException {
        PooledByteBufAllocator pool = UncachedPool.create();
        List<LogRecord> records = RecordSetArbitraries.toRecords(specs);
        ByteBuf entry = RecordSetArbitraries.encode(pool, codec, 5, records);
        try {
            DecodedEntry expected = new DecodedEntry(3, 9, 5, RecordSetArbitraries.expected(records, 3, 9));
            assertThat(RecordSetReader.decode(entry, 3, 9, Integer.MAX_VALUE)).isEqualTo(expected);

            ByteBuf shifted = Unpooled.buffer(offset + entry.readableBytes());
            shifted.writeZero(offset).writeBytes(entry, entry.readerIndex(), entry.readableBytes());
            shifted.readerIndex(offset);
            assertThat(RecordSetReader.decode(shifted, 3, 9, Integer.MAX_VALUE)).isEqualTo(expected);
            assertThat(shifted.readerIndex()).isEqualTo(offset);
            shifted.release();

            CompositeByteBuf composite = split(pool, entry, pieces);
            assertThat(RecordSetReader.decode(composite, 3, 9, Integer.MAX_VALUE)).isEqualTo(expected);
            composite.release();
        } finally {
            entry.release();
        }
        assertThat(UncachedPool.activeAllocations(pool)).isZero();
    }

    private static void assertRoundTrip(CompressionCodec codec, List<RecordSpec> specs, long recordsBefore, long seg,
            long entryId) throws DLException {
        TrackingAllocator alloc = new TrackingAllocator();
        List<LogRecord> records = RecordSetArbitraries.toRecords(specs);
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

            List<LogRecordWithDLSN> expected = RecordSetArbitraries.expected(records, seg, entryId);
            assertThat(decoded).isEqualTo(new DecodedEntry(seg, entryId, recordsBefore, expected));
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
