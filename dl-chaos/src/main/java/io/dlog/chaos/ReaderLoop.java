package io.dlog.chaos;

import io.dlog.core.AsyncLogReader;
import io.dlog.core.LogManager;
import io.dlog.core.Namespace;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.LogRecordWithDLSN;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tails one log for as long as the process lives and records every delivered record. After an error, or a minute
 * without any record (a stalled reader, distributedlog#244), it opens a new reader session at the last delivered
 * DLSN, which that session delivers again first. Runs on its own thread.
 */
final class ReaderLoop implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(ReaderLoop.class);
    private static final long STALL_S = 60;

    private final Namespace ns;
    private final String log;
    private final HistoryWriter history;
    private DLSN from = DLSN.INITIAL;
    private int session;

    ReaderLoop(Namespace ns, String log, HistoryWriter history) {
        this.ns = ns;
        this.log = log;
        this.history = history;
    }

    @Override
    public void run() {
        while (!Thread.currentThread().isInterrupted()) {
            try (LogManager manager = ns.openLog(log);
                    AsyncLogReader reader = manager.openAsyncLogReader(from).get(STALL_S, TimeUnit.SECONDS)) {
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
                LOG.debug("chaos reader session ends log={} from={}: {}", log, from, e.toString());
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
            }
        }
    }
}
