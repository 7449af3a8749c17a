package io.dlog.core.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.dlog.core.AsyncLogReader;
import io.dlog.core.AsyncLogWriter;
import io.dlog.core.DLConfig;
import io.dlog.core.DLConfigKeys;
import io.dlog.protocol.DLException;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.Futures;
import io.dlog.protocol.LogRecord;
import io.dlog.protocol.LogRecordWithDLSN;
import io.dlog.protocol.StatusCode;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Helpers shared by the read-path tests: writing numbered records, reading them back, checking failures. */
final class ReadTesting {
    /** A written and acknowledged record: what every reader must see. */
    record Acked(DLSN dlsn, long txid, long index) {
    }

    private ReadTesting() {
    }

    /** A config that rolls segments often, by size (bytes) and by age (ms), with small entries (4 KiB batches). */
    static DLConfig rolling(long segmentBytes, long rollMs) {
        return DLConfig.builder()
                .set(DLConfigKeys.SEGMENT_MAX_BYTES, segmentBytes)
                .set(DLConfigKeys.SEGMENT_ROLL_INTERVAL_MS, rollMs)
                .set(DLConfigKeys.BATCH_MAX_BYTES, 4096)
                .build();
    }

    static byte[] payload(long index, int size) {
        ByteBuffer b = ByteBuffer.allocate(Math.max(8, size));
        b.putLong(index);
        return b.array();
    }

    static long indexOf(LogRecordWithDLSN r) {
        return ByteBuffer.wrap(r.payload()).getLong();
    }

    /** Writes records {@code from..from+n-1} with a bounded window of writes in flight; returns the acks in order. */
    static List<Acked> write(AsyncLogWriter w, long from, int n, int payloadSize) throws Exception {
        List<CompletableFuture<DLSN>> window = new ArrayList<>();
        List<Long> txids = new ArrayList<>();
        List<Acked> acked = new ArrayList<>(n);
        long base = w.getLastTxId();
        for (int i = 0; i < n; i++) {
            long index = from + i;
            long txid = Math.max(base, 0) + i + 1;
            window.add(w.write(LogRecord.of(txid, payload(index, payloadSize))));
            txids.add(txid);
            if (window.size() >= 500 || i == n - 1) {
                for (int j = 0; j < window.size(); j++) {
                    DLSN d = window.get(j).get(30, TimeUnit.SECONDS);
                    long idx = from + acked.size();
                    acked.add(new Acked(d, txids.get(j), idx));
                }
                window.clear();
                txids.clear();
            }
        }
        return acked;
    }

    /** Reads exactly {@code n} records with readBulk. */
    static List<LogRecordWithDLSN> read(AsyncLogReader r, int n) throws Exception {
        List<LogRecordWithDLSN> out = new ArrayList<>(n);
        while (out.size() < n) {
            try {
                out.addAll(r.readBulk(Math.min(1000, n - out.size())).get(30, TimeUnit.SECONDS));
            } catch (java.util.concurrent.TimeoutException e) {
                throw new AssertionError("reader stalled after " + out.size() + " of " + n + " records, last "
                        + (out.isEmpty() ? "none" : out.get(out.size() - 1)) + gaps(out), e);
            }
        }
        assertEquals(n, out.size(), "readBulk returned more than asked");
        return out;
    }

    private static String gaps(List<LogRecordWithDLSN> out) {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i < out.size(); i++) {
            if (out.get(i).txid() != out.get(i - 1).txid() + 1) {
                sb.append(" gap after ").append(out.get(i - 1)).append(" before ").append(out.get(i));
            }
        }
        return sb.toString();
    }

    /** Checks that the records read are exactly the acknowledged ones, in order. */
    static void assertSame(List<Acked> expected, List<LogRecordWithDLSN> actual) {
        assertEquals(expected.size(), actual.size(), "record count");
        for (int i = 0; i < expected.size(); i++) {
            Acked e = expected.get(i);
            LogRecordWithDLSN a = actual.get(i);
            if (!e.dlsn().equals(a.dlsn()) || e.txid() != a.txid() || e.index() != indexOf(a)) {
                fail("record " + i + ": expected " + e + ", got " + a + " index=" + indexOf(a));
            }
        }
    }

    /** Waits for a future that must fail, and returns its status code. */
    static StatusCode failure(CompletableFuture<?> f) {
        try {
            f.get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable c = Futures.unwrap(e);
            assertTrue(c instanceof DLException, "not a DLException: " + c);
            return ((DLException) c).code();
        } catch (Exception e) {
            throw new AssertionError("future did not fail: " + e, e);
        }
        throw new AssertionError("future succeeded");
    }
}
