package io.dlog.core.lifecycle;

import io.dlog.core.AsyncLogWriter;
import io.dlog.core.DLConfig;
import io.dlog.core.DLConfigKeys;
import io.dlog.core.LogManager;
import io.dlog.core.Namespace;
import io.dlog.core.internal.LogContext;
import io.dlog.core.internal.NamespaceImpl;
import io.dlog.core.local.LocalCluster;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.LogRecord;
import io.dlog.protocol.LogRecordWithDLSN;
import io.dlog.protocol.LogSegmentMetadata;
import io.dlog.protocol.SegmentState;
import io.dlog.protocol.entry.DecodedEntry;
import io.dlog.protocol.entry.RecordSetReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.bookkeeper.client.api.BKException;
import org.apache.bookkeeper.client.api.BookKeeper;
import org.apache.bookkeeper.client.api.DigestType;
import org.apache.bookkeeper.client.api.LedgerEntries;
import org.apache.bookkeeper.client.api.LedgerEntry;
import org.apache.bookkeeper.client.api.ReadHandle;

/** Shared helpers of the lifecycle tests. */
final class LifecycleTesting {
    /** A segment size that makes a 100-byte-record log roll every few records. */
    static final long SMALL_SEGMENT = 1024;

    private LifecycleTesting() {
    }

    static DLConfig.Builder smallSegments() {
        return DLConfig.builder().set(DLConfigKeys.SEGMENT_MAX_BYTES, SMALL_SEGMENT)
                .set(DLConfigKeys.FLUSH_INTERVAL_MS, 0L);
    }

    static Namespace namespace(URI uri, DLConfig config, Clock clock) throws Exception {
        return Namespace.builder().uri(uri).config(config).clock(clock).build();
    }

    static LogContext context(Namespace ns, String log) {
        return ((NamespaceImpl) ns).contextFor(log);
    }

    static byte[] payload(long i) {
        String s = "record-" + i + "-" + "x".repeat(90);
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Writes records one at a time (each its own entry) until the log has at least {@code segments} completed. */
    static List<DLSN> writeSegments(AsyncLogWriter w, LogManager log, int segments) throws Exception {
        List<DLSN> acked = new ArrayList<>();
        while (completed(log) < segments) {
            acked.add(w.write(LogRecord.of(payload(acked.size() + 1))).get(30, TimeUnit.SECONDS));
            if (acked.size() > 10_000) {
                throw new AssertionError("log does not roll");
            }
        }
        return acked;
    }

    static long completed(LogManager log) throws Exception {
        return log.getLogSegments().stream().filter(s -> s.state() == SegmentState.COMPLETED).count();
    }

    static List<CompletableFuture<DLSN>> writeMany(AsyncLogWriter w, int n, long firstIndex) {
        List<CompletableFuture<DLSN>> fs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            fs.add(w.write(LogRecord.of(payload(firstIndex + i))));
        }
        return fs;
    }

    /** Returns whether a ledger exists, asked with a raw BookKeeper client. */
    static boolean ledgerExists(LocalCluster cluster, long ledgerId) throws Exception {
        try (BookKeeper bk = BookKeeper.newBuilder(cluster.newClientConfiguration()).build()) {
            try {
                bk.getLedgerMetadata(ledgerId).get(30, TimeUnit.SECONDS);
                return true;
            } catch (ExecutionException e) {
                if (e.getCause() instanceof BKException bke
                        && (bke.getCode() == BKException.Code.NoSuchLedgerExistsException
                        || bke.getCode() == BKException.Code.NoSuchLedgerExistsOnMetadataServerException)) {
                    return false;
                }
                throw e;
            }
        }
    }

    /** Reads every durable record of the log's non-TRUNCATED segments straight from their ledgers. */
    static List<LogRecordWithDLSN> readRaw(LocalCluster cluster, LogManager log) throws Exception {
        List<LogRecordWithDLSN> out = new ArrayList<>();
        try (BookKeeper bk = BookKeeper.newBuilder(cluster.newClientConfiguration()).build()) {
            for (LogSegmentMetadata seg : log.getLogSegments()) {
                if (seg.state() == SegmentState.TRUNCATED) {
                    continue;
                }
                try (ReadHandle rh = bk.newOpenLedgerOp().withLedgerId(seg.ledgerId()).withRecovery(false)
                        .withDigestType(DigestType.CRC32C).withPassword(new byte[0]).execute().get()) {
                    long last = rh.getLedgerMetadata().isClosed() ? rh.getLedgerMetadata().getLastEntryId()
                            : rh.readLastAddConfirmed();
                    for (long first = 0; first <= last; first += 500) {
                        try (LedgerEntries entries = rh.read(first, Math.min(last, first + 499))) {
                            for (LedgerEntry e : entries) {
                                DecodedEntry d = RecordSetReader.decode(e.getEntryBuffer(), seg.sequenceNumber(),
                                        e.getEntryId(), 64 << 20);
                                d.records().stream().filter(r -> !r.isControl()).forEach(out::add);
                            }
                        }
                    }
                }
            }
        }
        return out;
    }
}
