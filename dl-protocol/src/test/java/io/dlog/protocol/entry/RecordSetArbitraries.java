package io.dlog.protocol.entry;

import io.dlog.protocol.DLSN;
import io.dlog.protocol.LogRecord;
import io.dlog.protocol.LogRecordWithDLSN;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Random record sets for the entry codec's property tests. A record is generated as a small spec (size, seed,
 * kind) and its payload is expanded from the seed, which keeps generation of 1 MiB payloads cheap and shrinking
 * meaningful (sizes shrink towards 0).
 */
final class RecordSetArbitraries {
    /** The largest payload generated: {@code record.max.bytes}' default. */
    static final int MAX_PAYLOAD = 1 << 20;

    private static final byte[] WORDS = "offset ledger bookie segment entry fence quorum txid "
            .getBytes(StandardCharsets.US_ASCII);

    private RecordSetArbitraries() {
    }

    /** What a payload looks like, so that the compressing codecs see both compressible and random data. */
    enum PayloadKind {
        RANDOM,
        TEXT,
        ZEROS
    }

    /** A record to generate: its txid, flags, and how to expand its payload. */
    record RecordSpec(long txid, int flags, int size, long seed, PayloadKind kind) {
        LogRecord toRecord() {
            return new LogRecord(txid, payload(), flags);
        }

        byte[] payload() {
            byte[] bytes = new byte[size];
            Random random = new Random(seed);
            switch (kind) {
                case RANDOM -> random.nextBytes(bytes);
                case TEXT -> {
                    int shift = random.nextInt(WORDS.length);
                    for (int i = 0; i < size; i++) {
                        bytes[i] = WORDS[(i + shift) % WORDS.length];
                    }
                }
                case ZEROS -> Arrays.fill(bytes, (byte) 0);
                default -> throw new AssertionError(kind);
            }
            return bytes;
        }

        @Override
        public String toString() {
            return "RecordSpec[txid=" + txid + ", flags=" + flags + ", size=" + size + ", kind=" + kind + "]";
        }
    }

    /** Payload sizes from 0 B to 1 MiB, mostly small. */
    static Arbitrary<Integer> payloadSizes() {
        return Arbitraries.frequencyOf(
                Tuple.of(60, Arbitraries.integers().between(0, 64)),
                Tuple.of(25, Arbitraries.integers().between(65, 4096)),
                Tuple.of(11, Arbitraries.integers().between(4097, 64 * 1024)),
                Tuple.of(3, Arbitraries.integers().between(64 * 1024 + 1, MAX_PAYLOAD)),
                Tuple.of(1, Arbitraries.just(MAX_PAYLOAD)));
    }

    /** Any txid a writer may encode (everything except {@link LogRecord#AUTO_TXID}). */
    static Arbitrary<Long> txids() {
        return Arbitraries.longs().between(Long.MIN_VALUE + 1, Long.MAX_VALUE);
    }

    /** Mostly application records, some control and end-of-stream ones, and arbitrary bits. */
    static Arbitrary<Integer> flags() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just(LogRecord.FLAG_NONE)),
                Tuple.of(2, Arbitraries.of(LogRecord.FLAG_CONTROL, LogRecord.FLAG_END_OF_STREAM)),
                Tuple.of(1, Arbitraries.integers()));
    }

    /** One record. */
    static Arbitrary<RecordSpec> records(Arbitrary<Integer> sizes) {
        return Combinators.combine(txids(), flags(), sizes, Arbitraries.longs(), Arbitraries.of(PayloadKind.class))
                .as(RecordSpec::new);
    }

    /** Record sets of 0 to 12 records with payloads of 0 B to 1 MiB. */
    static Arbitrary<List<RecordSpec>> recordSets() {
        return records(payloadSizes()).list().ofMaxSize(12);
    }

    /** Record sets of 1 to 6 small records: quick to encode, for the corruption properties. */
    static Arbitrary<List<RecordSpec>> smallRecordSets() {
        return records(Arbitraries.integers().between(0, 300)).list().ofMinSize(1).ofMaxSize(6);
    }

    /** Encodes the records into a finished entry that the caller owns. */
    static ByteBuf encode(ByteBufAllocator alloc, CompressionCodec codec, long recordsBefore, List<LogRecord> records) {
        try (RecordSetWriter writer = RecordSetWriter.create(alloc, codec, recordsBefore)) {
            records.forEach(writer::append);
            return writer.finish();
        }
    }

    /** Expands the specs. */
    static List<LogRecord> toRecords(List<RecordSpec> specs) {
        List<LogRecord> records = new ArrayList<>(specs.size());
        specs.forEach(spec -> records.add(spec.toRecord()));
        return records;
    }

    /** Returns what decoding the records at {@code seg:entryId} must give. */
    static List<LogRecordWithDLSN> expected(List<LogRecord> records, long seg, long entryId) {
        List<LogRecordWithDLSN> expected = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            LogRecord r = records.get(i);
            expected.add(new LogRecordWithDLSN(new DLSN(seg, entryId, i), r.txid(), r.payload(), r.flags()));
        }
        return expected;
    }
}
