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
import java.util.function.ToIntFunction;

/**
 * Random record sets for the entry codec's randomized tests, drawn from a seeded {@link Random} (see
 * {@link io.dlog.protocol.Seeds}). A record is drawn as a small spec (txid, flags, size, seed, kind) and its
 * payload is expanded from the spec's seed, which keeps 1 MiB payloads cheap and failure messages short.
 */
final class RandomRecordSets {
    /** The largest payload generated: {@code record.max.bytes}' default. */
    static final int MAX_PAYLOAD = 1 << 20;

    private static final long[] TXID_EDGES = {LogRecord.AUTO_TXID + 1, -1, 0, 1, Long.MAX_VALUE};
    private static final long[] NON_NEGATIVE_EDGES = {0, 1, Long.MAX_VALUE};
    private static final byte[] WORDS = "offset ledger bookie segment entry fence quorum txid "
            .getBytes(StandardCharsets.US_ASCII);

    private RandomRecordSets() {
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

    /**
     * A payload size from 0 B to 1 MiB, mostly small: 60% up to 64 B, 25% up to 4 KiB, 11% up to 64 KiB, 3% up
     * to 1 MiB and 1% exactly 1 MiB.
     */
    static int payloadSize(Random random) {
        int p = random.nextInt(100);
        if (p < 60) {
            return between(random, 0, 64);
        } else if (p < 85) {
            return between(random, 65, 4096);
        } else if (p < 96) {
            return between(random, 4097, 64 * 1024);
        } else if (p < 99) {
            return between(random, 64 * 1024 + 1, MAX_PAYLOAD);
        }
        return MAX_PAYLOAD;
    }

    /** A small payload size, 0 to 300 bytes: quick to encode, for the corruption tests. */
    static int smallPayloadSize(Random random) {
        return between(random, 0, 300);
    }

    /**
     * Any txid a writer may encode (everything except {@link LogRecord#AUTO_TXID}); one in ten is an edge value
     * (the smallest allowed, -1, 0, 1, {@code Long.MAX_VALUE}).
     */
    static long txid(Random random) {
        if (random.nextInt(10) == 0) {
            return TXID_EDGES[random.nextInt(TXID_EDGES.length)];
        }
        long txid;
        do {
            txid = random.nextLong();
        } while (txid == LogRecord.AUTO_TXID);
        return txid;
    }

    /** Mostly application records (6 in 9), some control and end-of-stream ones (2 in 9), and arbitrary bits. */
    static int flags(Random random) {
        int p = random.nextInt(9);
        if (p < 6) {
            return LogRecord.FLAG_NONE;
        } else if (p < 8) {
            return random.nextBoolean() ? LogRecord.FLAG_CONTROL : LogRecord.FLAG_END_OF_STREAM;
        }
        return random.nextInt();
    }

    /** Any non-negative long (a records-before count, segment or entry id); one in ten is 0, 1 or the maximum. */
    static long nonNegative(Random random) {
        if (random.nextInt(10) == 0) {
            return NON_NEGATIVE_EDGES[random.nextInt(NON_NEGATIVE_EDGES.length)];
        }
        return random.nextLong() & Long.MAX_VALUE;
    }

    /** Any codec, uniformly. */
    static CompressionCodec codec(Random random) {
        CompressionCodec[] codecs = CompressionCodec.values();
        return codecs[random.nextInt(codecs.length)];
    }

    /** One record whose payload size comes from {@code sizes}. */
    static RecordSpec record(Random random, ToIntFunction<Random> sizes) {
        PayloadKind[] kinds = PayloadKind.values();
        return new RecordSpec(txid(random), flags(random), sizes.applyAsInt(random), random.nextLong(),
                kinds[random.nextInt(kinds.length)]);
    }

    /** A record set of 0 to 12 records with payloads of 0 B to 1 MiB ({@link #payloadSize(Random)}). */
    static List<RecordSpec> recordSet(Random random) {
        return records(random, random.nextInt(13), RandomRecordSets::payloadSize);
    }

    /** A record set of 1 to 6 records of up to 300 bytes: quick to encode, for the corruption tests. */
    static List<RecordSpec> smallRecordSet(Random random) {
        return records(random, between(random, 1, 6), RandomRecordSets::smallPayloadSize);
    }

    private static List<RecordSpec> records(Random random, int count, ToIntFunction<Random> sizes) {
        List<RecordSpec> specs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            specs.add(record(random, sizes));
        }
        return specs;
    }

    /** Uniform in {@code [min, max]}. */
    static int between(Random random, int min, int max) {
        return min + random.nextInt(max - min + 1);
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
