package io.dlog.chaos;

import io.dlog.client.DLClient;
import io.dlog.client.StreamReader;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.LogRecordWithDLSN;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tails one log through the read proxies ({@link StreamReader}) for as long as the process lives and records every
 * delivered record. The stream reader fails over between read proxies by itself; one reader is one session of the
 * history, so a skip or repeat across a failover is the checker's to find. After the reader fails, or a minute
 * without any record, it opens a new session at the last delivered DLSN (delivered again first), as
 * {@link ReaderLoop} does. Runs on its own thread.
 */
final class RemoteReaderLoop implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteReaderLoop.class);
    private static final long STALL_S = 60;
    private static final long CLOSE_TIMEOUT_S = 5;

    private final DLClient client;
    private final String log;
    private final HistoryWriter history;
    private DLSN from = DLSN.INITIAL;
    private int session;

    RemoteReaderLoop(DLClient client, String log, HistoryWriter history) {
        this.client = client;
        this.log = log;
        this.history = history;
    }

    @Override
    public void run() {
        while (!Thread.currentThread().isInterrupted()) {
            StreamReader reader = null;
            try {
                reader = client.openReader(log, from).get(STALL_S, TimeUnit.SECONDS);
                String id = "r" + (++session);
                history.readStart(log, id, from);
                while (true) {
                    List<LogRecordWithDLSN> batch = reader.readBulk(100).get(STALL_S, TimeUnit.SECONDS);
                    for (LogRecordWithDLSN r : batch) {
                        history.read(log, id, new String(r.payload(), StandardCharsets.UTF_8), r.dlsn(), r.txid());
                        from = r.dlsn();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {   // log missing yet, reader failed or stalled: a new session from `from`
                LOG.info("chaos remote reader session ends log={} from={}: {}", log, from, e.toString());
                close(reader);
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
            }
        }
    }

    private static void close(StreamReader reader) {
        if (reader == null) {
            return;
        }
        try {
            reader.asyncClose().get(CLOSE_TIMEOUT_S, TimeUnit.SECONDS);
        } catch (Exception e) {   // a failed reader may fail its close too; the session is over either way
            LOG.debug("chaos remote reader close failed: {}", e.toString());
        }
    }
}
