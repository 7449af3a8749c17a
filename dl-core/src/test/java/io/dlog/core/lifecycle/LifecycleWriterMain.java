package io.dlog.core.lifecycle;

import io.dlog.core.AsyncLogWriter;
import io.dlog.core.DLConfig;
import io.dlog.core.DLConfigKeys;
import io.dlog.core.LogManager;
import io.dlog.core.Namespace;
import io.dlog.core.testing.ChildJvm;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.LogRecord;
import java.net.URI;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A roll-heavy writer in its own JVM for crash tests: small segments, at most 16 writes in flight, and every 40
 * acknowledgements a truncation at the record acknowledged 20 before. Reports {@code OPEN}, {@code ACK dlsn} and
 * {@code TRUNC dlsn}. Arguments: namespace URI, log name.
 */
public final class LifecycleWriterMain {
    private LifecycleWriterMain() {
    }

    public static void main(String[] args) throws Exception {
        DLConfig config = LifecycleTesting.smallSegments().set(DLConfigKeys.ZK_SESSION_TIMEOUT_MS, 3_000L).build();
        try (Namespace ns = Namespace.builder().uri(URI.create(args[0])).config(config).build();
                LogManager log = ns.openLog(args[1])) {
            AsyncLogWriter w = log.openAsyncLogWriter().get(60, TimeUnit.SECONDS);
            emit("OPEN");
            Semaphore inFlight = new Semaphore(16);
            BlockingQueue<DLSN> acks = new ArrayBlockingQueue<>(1 << 16);
            for (long i = 0; ; i++) {
                inFlight.acquire();
                w.write(LogRecord.of(LifecycleTesting.payload(i))).whenComplete((dlsn, t) -> {
                    inFlight.release();
                    if (t == null) {
                        emit("ACK " + dlsn);
                        acks.offer(dlsn);
                    }
                });
                if (acks.size() >= 40) {
                    DLSN point = null;
                    for (int k = 0; k < 20; k++) {
                        point = acks.poll();
                    }
                    acks.clear();
                    DLSN p = point;
                    w.truncate(p).whenComplete((v, t) -> {
                        if (t == null) {
                            emit("TRUNC " + p);
                        }
                    });
                }
            }
        }
    }

    private static synchronized void emit(String line) {
        System.out.println(ChildJvm.TAG + line);
        System.out.flush();
    }
}
