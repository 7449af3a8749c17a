package io.dlog.core.write;

import io.dlog.core.AsyncLogWriter;
import io.dlog.core.DLConfig;
import io.dlog.core.DLConfigKeys;
import io.dlog.core.LogManager;
import io.dlog.core.Namespace;
import io.dlog.protocol.Futures;
import io.dlog.protocol.LogRecord;
import io.dlog.core.testing.ChildJvm;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A writer in its own JVM for fencing tests. Writes {@code A-<i>} records at about 1,000/s with at most 64 in
 * flight and reports each as {@code SENT i}, {@code ACK i dlsn} or {@code FAIL i CODE}.
 * Arguments: namespace URI, log name, ZooKeeper session timeout (ms), number of records.
 */
public final class WriterProcessMain {
    private WriterProcessMain() {
    }

    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        DLConfig config = DLConfig.builder()
                .set(DLConfigKeys.ZK_SESSION_TIMEOUT_MS, Long.parseLong(args[2]))
                .set(DLConfigKeys.FLUSH_INTERVAL_MS, 1L)
                .build();
        int total = Integer.parseInt(args[3]);
        try (Namespace ns = Namespace.builder().uri(uri).config(config).build();
                LogManager log = ns.openLog(args[1])) {
            AsyncLogWriter w = log.openAsyncLogWriter().get(60, TimeUnit.SECONDS);
            emit("OPEN");
            Semaphore inFlight = new Semaphore(64);
            for (int i = 0; i < total; i++) {
                inFlight.acquire();
                int idx = i;
                emit("SENT " + i);
                w.write(LogRecord.of(("A-" + i).getBytes(StandardCharsets.UTF_8))).whenComplete((dlsn, t) -> {
                    inFlight.release();
                    emit(t == null ? "ACK " + idx + " " + dlsn
                            : "FAIL " + idx + " " + Futures.toDLException(t).code() + " "
                                    + Futures.toDLException(t).getMessage());
                });
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
            inFlight.acquire(64);
            emit("DONE");
        }
    }

    private static synchronized void emit(String line) {
        System.out.println(ChildJvm.TAG + line);
        System.out.flush();
    }
}
