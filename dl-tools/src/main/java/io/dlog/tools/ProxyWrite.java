package io.dlog.tools;

import io.dlog.client.DLClient;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.Futures;
import io.dlog.protocol.StatusCode;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code dlog write --proxy HOST:PORT}: the records of {@code dlog write} sent through write proxies with dl-client
 * instead of an embedded writer (the proxy takes the log's lock; this process needs no ZooKeeper or BookKeeper).
 */
final class ProxyWrite {
    private static final int MAX_IN_FLIGHT = 1000;

    private ProxyWrite() {
    }

    /**
     * Writes every record of {@code source} to {@code log}, at most {@value #MAX_IN_FLIGHT} in flight.
     *
     * @param cli the command line
     * @param proxies bootstrap proxies, {@code host:port[,host:port]}
     * @param log the log
     * @param source the records
     * @param count the number of records when known (for progress), else null
     * @param timeout the longest wait for an acknowledgement
     * @return the exit code
     * @throws Exception the first failure, as a DLException (after the summary is printed)
     */
    static int run(DlogCli cli, String proxies, String log, RecordSource source, Long count, Duration timeout)
            throws Exception {
        try (DLClient client = DLClient.builder().proxies(proxies).clientId("dlog-write").requestTimeout(timeout)
                .build()) {
            Semaphore window = new Semaphore(MAX_IN_FLIGHT);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicReference<DLSN> last = new AtomicReference<>(DLSN.INVALID);
            AtomicLong ackedBytes = new AtomicLong();
            LatencyStats stats = new LatencyStats();
            Progress progress = new Progress(cli.env(), count, stats);
            byte[] payload;
            while (failure.get() == null && (payload = source.next()) != null) {
                acquire(window, 1, timeout);
                long start = System.nanoTime();
                int bytes = payload.length;
                client.write(log, payload).whenComplete((dlsn, t) -> {
                    if (t != null) {
                        failure.compareAndSet(null, Futures.unwrap(t));
                    } else {
                        stats.record(System.nanoTime() - start);
                        ackedBytes.addAndGet(bytes);
                        last.accumulateAndGet(dlsn, (a, b) -> a.compareTo(b) >= 0 ? a : b);
                    }
                    window.release();
                });
                progress.maybePrint();
            }
            acquire(window, MAX_IN_FLIGHT, timeout);
            progress.done();
            cli.env().out().println("wrote " + stats.summary(ackedBytes.get()) + "; last DLSN " + last.get()
                    + " (log " + log + ", via proxy)");
            cli.env().out().flush();
            if (failure.get() != null) {
                throw Futures.toDLException(failure.get());
            }
            return ExitCode.OK;
        }
    }

    private static void acquire(Semaphore window, int permits, Duration timeout) throws Exception {
        if (!window.tryAcquire(permits, timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS)) {
            throw new CliException(StatusCode.TIMEOUT, "records not acknowledged within " + timeout.toMillis()
                    + " ms (is the proxy up?)");
        }
    }
}
