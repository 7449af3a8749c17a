package io.dlog.tools;

import io.dlog.core.AsyncLogWriter;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.Futures;
import io.dlog.protocol.LogRecord;
import io.dlog.protocol.StatusCode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One {@code dlog write} run on an open writer: pipelines records (at most {@link #MAX_IN_FLIGHT} unacknowledged),
 * counts what was acknowledged, and finishes exactly once, from the main thread at the end of the input or from
 * the shutdown hook on Ctrl-C / SIGTERM: stop submitting, wait for the records in flight, close the writer (so its
 * segment is completed and its pre-allocated ledger released) and print the summary of what was acknowledged.
 * Thread-safe: {@link #submit} on the main thread, {@link #finish} from either.
 */
final class WriteSession {
    static final int MAX_IN_FLIGHT = 1000;

    private final AsyncLogWriter writer;
    private final Duration timeout;
    private final PrintWriter out;
    private final PrintWriter err;
    private final String logName;
    private final Semaphore window = new Semaphore(MAX_IN_FLIGHT);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicReference<DLSN> last = new AtomicReference<>(DLSN.INVALID);
    private final AtomicLong lastTxId = new AtomicLong(-1);
    private final AtomicLong ackedBytes = new AtomicLong();
    private final LatencyStats stats = new LatencyStats();
    private final Object lock = new Object();
    private boolean stopping;
    private boolean finished;

    WriteSession(AsyncLogWriter writer, Duration timeout, CliEnvironment env, String logName) {
        this.writer = writer;
        this.timeout = timeout;
        this.out = env.out();
        this.err = env.err();
        this.logName = logName;
    }

    LatencyStats stats() {
        return stats;
    }

    /** Returns whether the session stops taking records: finished, interrupted, or a write failed. */
    boolean stopped() {
        synchronized (lock) {
            return stopping || failure.get() != null;
        }
    }

    /** Returns the number of acknowledged records. */
    long acknowledged() {
        return stats.count();
    }

    /** Returns the first write failure, if any. */
    Throwable failure() {
        return failure.get();
    }

    /**
     * Sends one record, waiting while {@link #MAX_IN_FLIGHT} are unacknowledged.
     *
     * @param payload the record's payload
     * @return false if the session was stopped meanwhile (the record was not sent)
     * @throws CliException TIMEOUT when no record was acknowledged within the timeout
     * @throws InterruptedException if interrupted while waiting
     */
    boolean submit(byte[] payload) throws CliException, InterruptedException {
        acquire(1);
        synchronized (lock) {
            if (stopping) {
                window.release();
                return false;
            }
            long start = System.nanoTime();
            writer.write(LogRecord.of(payload)).whenComplete((dlsn, t) -> {
                if (t != null) {
                    failure.compareAndSet(null, Futures.unwrap(t));
                } else {
                    stats.record(System.nanoTime() - start);
                    ackedBytes.addAndGet(payload.length);
                    last.accumulateAndGet(dlsn, (a, b) -> a.compareTo(b) >= 0 ? a : b);
                }
                window.release();
            });
        }
        return true;
    }

    /**
     * Stops taking records, waits for the records in flight, closes the writer and prints the summary. Only the
     * first call does anything.
     *
     * @param interrupted true from the shutdown hook: also prints {@code dlog: interrupted (INTERRUPTED)}
     * @return true if this call finished the session
     */
    boolean finish(boolean interrupted) {
        synchronized (lock) {
            if (finished) {
                return false;
            }
            finished = true;
            stopping = true;
        }
        boolean drained;
        try {
            drained = window.tryAcquire(MAX_IN_FLIGHT, timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            drained = false;
        }
        lastTxId.set(writer.getLastTxId());   // exact now that nothing is in flight
        try {
            writer.close();
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
        }
        out.println(summary());
        out.flush();
        if (!drained) {
            ErrorHandler.print(err, (MAX_IN_FLIGHT - window.availablePermits()) + " record(s) were still "
                    + "unacknowledged after " + timeout.toMillis() + " ms; they may or may not be in the log",
                    StatusCode.TIMEOUT.name());
        }
        if (interrupted) {
            ErrorHandler.print(err, "interrupted", StatusCode.INTERRUPTED.name());
        }
        return true;
    }

    /** The summary line: only what was acknowledged, and the last DLSN/txid only when there is one. */
    String summary() {
        StringBuilder sb = new StringBuilder("wrote ").append(stats.summary(ackedBytes.get()));
        if (stats.count() > 0) {
            sb.append("; last DLSN ").append(last.get()).append(" txid ").append(lastTxId.get());
        }
        return sb.append(" (log ").append(logName).append(')').toString();
    }

    private void acquire(int permits) throws CliException, InterruptedException {
        if (!window.tryAcquire(permits, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new CliException(StatusCode.TIMEOUT, "records not acknowledged within " + timeout.toMillis()
                    + " ms (are the bookies up?)");
        }
    }
}
