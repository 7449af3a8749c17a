package io.dlog.chaos;

import io.dlog.core.AsyncLogWriter;
import io.dlog.core.LogManager;
import io.dlog.core.Namespace;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.Futures;
import io.dlog.protocol.LogRecord;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one log for as long as the process lives: takes the write lock (competing with the other clients),
 * writes records with unique payloads at a fixed rate with a bounded number in flight, records each write's
 * invocation and outcome, and on the first failure closes the writer and takes the lock again as a new owner.
 * Runs on its own thread.
 */
final class WriterLoop implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(WriterLoop.class);
    private static final int MAX_IN_FLIGHT = 200;
    private static final long OPEN_TIMEOUT_S = 60;
    private static final long CLOSE_TIMEOUT_S = 15;

    private final Namespace ns;
    private final String log;
    private final ClientOptions options;
    private final HistoryWriter history;
    private final AtomicLong seq;
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    private int incarnation;

    WriterLoop(Namespace ns, String log, ClientOptions options, HistoryWriter history, AtomicLong seq) {
        this.ns = ns;
        this.log = log;
        this.options = options;
        this.history = history;
        this.seq = seq;
    }

    @Override
    public void run() {
        while (!Thread.currentThread().isInterrupted()) {
            // The manager lives as long as its writer: closing a LogManager closes the writers it opened.
            try (LogManager manager = ns.openLog(log)) {
                AsyncLogWriter writer = open(manager);
                if (writer == null) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
                    continue;
                }
                String owner = options.client() + "/" + log + "/w" + (++incarnation);
                LOG.info("chaos writer owns log={} owner={} lastDLSN={}", log, owner, writer.getLastDLSN());
                writeUntilBroken(writer, owner);
                try {
                    writer.asyncClose().get(CLOSE_TIMEOUT_S, TimeUnit.SECONDS);
                } catch (Exception e) {   // a broken writer often fails its close too; the next open recovers
                    LOG.info("chaos writer close failed log={} owner={}: {}", log, owner, e.toString());
                }
            } catch (Exception e) {
                LOG.info("chaos writer cannot open log={}: {}", log, e.toString());
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
            }
        }
    }

    private AsyncLogWriter open(LogManager manager) {
        try {
            return manager.openAsyncLogWriter().get(OPEN_TIMEOUT_S, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("chaos writer cannot open log={}: {}", log, e.toString());
            return null;
        }
    }

    private void writeUntilBroken(AsyncLogWriter writer, String owner) {
        AtomicBoolean broken = new AtomicBoolean();
        Pacer pacer = new Pacer(options.ratePerLog());
        while (!broken.get()) {
            pacer.awaitNext();
            try {
                if (!inFlight.tryAcquire(1, TimeUnit.SECONDS)) {
                    continue;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            writeOne(writer, owner, broken);
        }
    }

    private void writeOne(AsyncLogWriter writer, String owner, AtomicBoolean broken) {
        String id = options.client() + "." + seq.incrementAndGet();
        history.invoke(log, id, owner);
        CompletableFuture<DLSN> f;
        try {
            f = writer.write(LogRecord.of(id.getBytes(StandardCharsets.UTF_8)));
        } catch (RuntimeException e) {
            inFlight.release();
            history.failed(log, id, owner, Futures.toDLException(e).code().value(), true);
            broken.set(true);
            return;
        }
        boolean failedOnReturn = f.isCompletedExceptionally();
        f.whenComplete((dlsn, t) -> {
            inFlight.release();
            if (t == null) {
                history.ok(log, id, owner, dlsn, -1);
            } else {
                int code = Futures.toDLException(t).code().value();
                history.failed(log, id, owner, code, FailureClass.isDefinite(code, failedOnReturn));
                if (broken.compareAndSet(false, true)) {
                    LOG.info("chaos writer broken log={} owner={} code={}: {}", log, owner, code, t.toString());
                }
            }
        });
    }
}
