package io.dlog.core.internal.read;

import static org.assertj.core.api.Assertions.assertThat;

import io.dlog.protocol.LogRecord;
import io.dlog.protocol.StatusCode;
import io.dlog.protocol.entry.CompressionCodec;
import io.dlog.protocol.entry.DecodedEntry;
import io.dlog.protocol.entry.RecordSetWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.bookkeeper.client.api.LedgerEntries;
import org.apache.bookkeeper.client.api.LedgerEntry;
import org.apache.bookkeeper.client.impl.LedgerEntriesImpl;
import org.apache.bookkeeper.client.impl.LedgerEntryImpl;
import org.junit.jupiter.api.Test;

/**
 * {@link DecodedBatch}: a batch read's answer decoded off the log executor keeps every entry before a bad one,
 * reports the bad one with its status code, and releases every entry buffer whatever happens.
 */
class DecodedBatchTest {
    private static final long LEDGER = 42;
    private static final long SEG = 3;

    /** Every entry buffer a test handed to BookKeeper's answer type. */
    private final List<ByteBuf> buffers = new ArrayList<>();

    @Test
    void decodeShouldKeepTheEntriesInOrderWithTheirSizesAndReleaseEveryBuffer() {
        LedgerEntries answer = answer(entry(10, "a", "b"), entry(11, "c"), entry(12, "d", "e", "f"));
        long[] sizes = buffers.stream().mapToLong(ByteBuf::readableBytes).toArray();

        DecodedBatch batch = DecodedBatch.decode(answer, SEG, 10, 3, "test");

        assertThat(batch.failure()).isNull();
        assertThat(batch.entries()).extracting(DecodedEntry::entryId).containsExactly(10L, 11L, 12L);
        assertThat(batch.entries().get(2).records()).extracting(r -> r.dlsn().toString())
                .containsExactly("3:12:0", "3:12:1", "3:12:2");
        assertThat(batch.bytes()).containsExactly(sizes);
        assertThat(buffers).allSatisfy(b -> assertThat(b.refCnt()).isZero());
    }

    @Test
    void aCorruptEntryShouldEndTheBatchAfterTheEntriesBeforeItWithInvalidEnvelopedEntry() {
        LedgerEntry corrupt = entry(6, "x");
        ByteBuf bytes = buffers.get(0);
        bytes.setByte(bytes.writerIndex() - 1, bytes.getByte(bytes.writerIndex() - 1) ^ 0x5a);
        LedgerEntries answer = answer(entry(5, "ok"), corrupt, entry(7, "never"));

        DecodedBatch batch = DecodedBatch.decode(answer, SEG, 5, 3, "log test segment 3");

        assertThat(batch.entries()).extracting(DecodedEntry::entryId).containsExactly(5L);
        assertThat(batch.failure()).isNotNull();
        assertThat(batch.failure().code()).isEqualTo(StatusCode.INVALID_ENVELOPED_ENTRY);
        assertThat(batch.failure().getMessage()).contains("entry=6").contains("CRC32C");
        assertThat(buffers).allSatisfy(b -> assertThat(b.refCnt()).isZero());
    }

    @Test
    void anUnexpectedEntryIdShouldEndTheBatchWithLogReadError() {
        LedgerEntries answer = answer(entry(0, "a"), entry(2, "one skipped"));

        DecodedBatch batch = DecodedBatch.decode(answer, SEG, 0, 3, "log test segment 3");

        assertThat(batch.entries()).extracting(DecodedEntry::entryId).containsExactly(0L);
        assertThat(batch.failure().code()).isEqualTo(StatusCode.LOG_READ_ERROR);
        assertThat(batch.failure().getMessage()).contains("log test segment 3").contains("returned entry 2")
                .contains("1 was expected");
        assertThat(buffers).allSatisfy(b -> assertThat(b.refCnt()).isZero());
    }

    @Test
    void moreEntriesThanAskedForShouldEndTheBatchWithLogReadErrorInsteadOfOverflowing() {
        LedgerEntries answer = answer(entry(0, "a"), entry(1, "b"));

        DecodedBatch batch = DecodedBatch.decode(answer, SEG, 0, 1, "log test segment 3");

        assertThat(batch.entries()).hasSize(1);
        assertThat(batch.failure().code()).isEqualTo(StatusCode.LOG_READ_ERROR);
        assertThat(batch.failure().getMessage()).contains("more than the 1 entries asked for");
        assertThat(buffers).allSatisfy(b -> assertThat(b.refCnt()).isZero());
    }

    /** Entry {@code entryId} of the ledger as BookKeeper hands it over, encoded as the writer encodes it. */
    private LedgerEntry entry(long entryId, String... payloads) {
        ByteBuf copy;
        try (RecordSetWriter w = RecordSetWriter.create(ByteBufAllocator.DEFAULT, CompressionCodec.NONE, 0)) {
            long txid = entryId * 10;
            for (String p : payloads) {
                w.append(new LogRecord(++txid, p.getBytes(StandardCharsets.UTF_8), LogRecord.FLAG_NONE));
            }
            ByteBuf finished = w.finish();
            copy = Unpooled.copiedBuffer(finished);
            finished.release();
        }
        buffers.add(copy);
        return LedgerEntryImpl.create(LEDGER, entryId, copy.readableBytes(), copy);
    }

    private static LedgerEntries answer(LedgerEntry... entries) {
        return LedgerEntriesImpl.create(new ArrayList<>(List.of(entries))); // it clears the list on close
    }
}
