package io.dlog.chaos;

import io.dlog.client.DLClient;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.Futures;
import io.dlog.protocol.StatusCode;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one log through the write proxies for as long as the process lives: unique payloads at a fixed rate with
 * a bounded number in flight, each invocation and outcome recorded, failures classified by
 * {@link FailureClass#isDefiniteRemote}. Unlike the embedded {@link WriterLoop} it owns nothing: the proxy that
 * owns the stream writes it (competing with the embedded clients for the lock), and the client follows ownership
 * by itself, so a failure only ends that one write. Runs on its own thread.
 */
final class RemoteWriterLoop implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteWriterLoop.class);
    private static final int MAX_IN_FLIGHT = 200;
    private static final long CREATE_TIMEOUT_S = 60;

    private final DLClient client;
    private final String log;
    private final ClientOptions options;
    private final HistoryWriter history;
    private final AtomicLong seq;
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);

    RemoteWriterLoop(DLClient client, String log, ClientOptions options, HistoryWriter history, AtomicLong seq) {
        this.client = client;
        this.log = log;
        this.options = options;
        this.history = history;
        this.seq = seq;
    }

    @Override
    public void run() {
        createLog();
        Pacer pacer = new Pacer(options.ratePerLog());
        while (!Thread.currentThread().isInterrupted()) {
            pacer.awaitNext();
            try {
                if (!inFlight.tryAcquire(1, TimeUnit.SECONDS)) {
                    continue;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            writeOne();
        }
    }

    /** Creates the log unless it exists (an embedded writer or another remote client may have made it). */
    private void createLog() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                client.create(log).get(CREATE_TIMEOUT_S, TimeUnit.SECONDS);
                return;
            } catch (Exception e) {
                if (Futures.toDLException(e).code() == StatusCode.LOG_EXISTS) {
                    return;
                }
                LOG.info("chaos remote client cannot create log={} yet: {}", log, e.toString());
                LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
            }
        }
    }

    private void writeOne() {
        String id = options.client() + "." + seq.incrementAndGet();
        String owner = HistoryEvent.REMOTE_OWNER;
        history.invoke(log, id, owner);
        CompletableFuture<DLSN> f = client.write(log, id.getBytes(StandardCharsets.UTF_8));
        f.whenComplete((dlsn, t) -> {
            inFlight.release();
            if (t == null) {
                history.ok(log, id, owner, dlsn, -1);
            } else {
                int code = Futures.toDLException(t).code().value();
                boolean definite = FailureClass.isDefiniteRemote(t);
                history.failed(log, id, owner, code, definite);
                LOG.debug("chaos remote write failed log={} id={} code={} definite={}: {}", log, id, code, definite,
                        t.toString());
            }
        });
    }
}
