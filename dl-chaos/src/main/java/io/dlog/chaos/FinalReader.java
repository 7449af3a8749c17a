package io.dlog.chaos;

import io.dlog.core.AsyncLogWriter;
import io.dlog.core.DLConfig;
import io.dlog.core.DLConfigKeys;
import io.dlog.core.LogManager;
import io.dlog.core.LogReader;
import io.dlog.core.Namespace;
import io.dlog.protocol.DLException;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.LogRecordWithDLSN;
import io.dlog.protocol.StatusCode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The quiesced final read of a run: once the clients are stopped and every fault healed, takes each log's
 * write lock once, which recovers (fences and seals) the last owner's segment so every acknowledged record is
 * readable, closes that writer, then reads the whole log from the first DLSN with independent readers, each on its
 * own namespace (its own ZooKeeper session and BookKeeper client). Stateless; blocking.
 */
final class FinalReader {

    private static final Logger LOG = LoggerFactory.getLogger(FinalReader.class);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(20);

    private FinalReader() {
    }

    /** Recovers a log by taking its lock once as a new owner. */
    static void recover(URI uri, String log) throws Exception {
        try (Namespace ns = open(uri); LogManager manager = ns.openLog(log)) {
            AsyncLogWriter writer = manager.openAsyncLogWriter().get(120, TimeUnit.SECONDS);
            writer.asyncClose().get(60, TimeUnit.SECONDS);
        }
    }

    /** Reads a whole log from {@link DLSN#INITIAL} to its last durable record. */
    static List<FinalRecord> readAll(URI uri, String log) throws DLException {
        List<FinalRecord> records = new ArrayList<>();
        try (Namespace ns = open(uri); LogManager manager = ns.openLog(log)) {
            DLSN last;
            try {
                last = manager.getLastDLSN();
            } catch (DLException e) {
                if (e.code() == StatusCode.LOG_EMPTY) {
                    return records;
                }
                throw e;
            }
            try (LogReader reader = manager.openLogReader(DLSN.INITIAL)) {
                while (true) {
                    LogRecordWithDLSN r = reader.readNext(READ_TIMEOUT);
                    if (r == null) {
                        LOG.warn("final read of {} stalled at {} records before the last DLSN {}", log,
                                records.size(), last);
                        return records;
                    }
                    records.add(new FinalRecord(r.dlsn(), r.txid(), new String(r.payload(), StandardCharsets.UTF_8)));
                    if (r.dlsn().compareTo(last) >= 0) {
                        return records;
                    }
                }
            }
        }
    }

    private static Namespace open(URI uri) throws DLException {
        return Namespace.builder().uri(uri).config(DLConfig.builder()
                .set(DLConfigKeys.LOCK_TIMEOUT_MS, 120_000L)
                .set(DLConfigKeys.ZK_SESSION_TIMEOUT_MS, 10_000L).build()).build();
    }
}
