package io.dlog.tools;

import io.dlog.core.AsyncLogWriter;
import io.dlog.core.LogManager;
import io.dlog.core.Namespace;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.Futures;
import io.dlog.protocol.LogNames;
import io.dlog.protocol.LogRecord;
import io.dlog.protocol.StatusCode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dlog write LOG}: appends records from stdin (one per line), a file, or a synthetic load, pipelined
 * through one writer, and prints a summary with throughput and acknowledgement latency percentiles.
 */
@Command(name = "write", mixinStandardHelpOptions = true,
        description = {"Append records to a log (created if missing): one per line of stdin or --file, "
                + "or --count synthetic records of --size bytes.",
            "Prints a summary: records, throughput and latency p50/p99/p99.9/max."})
final class WriteCommand implements Callable<Integer> {
    private static final int MAX_IN_FLIGHT = 1000;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "LOG", description = "The log.")
    String name;

    @Option(names = "--file", paramLabel = "PATH", description = "Read records from this file instead of stdin.")
    Path file;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "Input lines: text (UTF-8, default) or base64 (binary-safe).")
    PayloadFormat format;

    @Option(names = "--count", paramLabel = "N", description = "Write N synthetic records instead of reading input.")
    Long count;

    @Option(names = "--size", paramLabel = "BYTES", defaultValue = "100",
            description = "Payload size of synthetic records (default 100).")
    int size;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30s", converter = DurationConverter.class,
            description = "Longest wait for the writer to open or a record to be acknowledged (default 30s).")
    Duration timeout;

    @Option(names = "--proxy", paramLabel = "HOST:PORT[,HOST:PORT]",
            description = "Write through write proxies (dl-client) instead of an embedded writer.")
    String proxy;

    @Override
    public Integer call() throws Exception {
        LogNames.validate(name);
        checkOptions();
        DlogCli cli = DlogCli.of(spec);
        if (proxy != null) {
            try (InputStream in = openInput(cli)) {
                return ProxyWrite.run(cli, proxy, name, source(in), count, timeout);
            }
        }
        try (InputStream in = openInput(cli);
             Namespace ns = cli.openNamespace();
             LogManager log = ns.openLog(name)) {
            AsyncLogWriter writer = Futures.result(log.openAsyncLogWriter(), timeout);
            try {
                return writeAll(cli, writer, source(in));
            } finally {
                writer.close();
            }
        }
    }

    private void checkOptions() throws CliException {
        if (count != null && count < 0) {
            throw new CliException(StatusCode.INVALID_ARGUMENT, "--count must not be negative: " + count);
        }
        if (size < 0) {
            throw new CliException(StatusCode.INVALID_ARGUMENT, "--size must not be negative: " + size);
        }
        if (count != null && file != null) {
            throw new CliException(StatusCode.INVALID_ARGUMENT, ExitCode.USAGE, "--count and --file exclude each "
                    + "other");
        }
        if (format == PayloadFormat.JSON) {
            throw new CliException(StatusCode.INVALID_ARGUMENT, "--format json is for tail; write reads text or "
                    + "base64");
        }
    }

    private InputStream openInput(DlogCli cli) throws CliException {
        if (count != null) {
            return InputStream.nullInputStream();
        }
        if (file == null) {
            return new NonClosingInputStream(cli.env().in());
        }
        Path p = cli.env().workDir().resolve(file);
        try {
            return Files.newInputStream(p);
        } catch (IOException e) {
            throw new CliException(StatusCode.INVALID_ARGUMENT, "cannot read " + p + ": " + e);
        }
    }

    private RecordSource source(InputStream in) {
        return count != null ? RecordSource.synthetic(count, size) : new LineSource(in, format);
    }

    private int writeAll(DlogCli cli, AsyncLogWriter writer, RecordSource source) throws Exception {
        Semaphore window = new Semaphore(MAX_IN_FLIGHT);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicReference<DLSN> last = new AtomicReference<>(DLSN.INVALID);
        AtomicLong ackedBytes = new AtomicLong();
        LatencyStats stats = new LatencyStats();
        Progress progress = new Progress(cli.env(), count, stats);
        byte[] payload;
        while (failure.get() == null && (payload = source.next()) != null) {
            acquire(window, 1);
            long start = System.nanoTime();
            int bytes = payload.length;
            writer.write(LogRecord.of(payload)).whenComplete((dlsn, t) -> {
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
        acquire(window, MAX_IN_FLIGHT);
        progress.done();
        cli.env().out().println("wrote " + stats.summary(ackedBytes.get()) + "; last DLSN " + last.get()
                + " txid " + writer.getLastTxId() + " (log " + name + ")");
        cli.env().out().flush();
        if (failure.get() != null) {
            throw Futures.toDLException(failure.get());
        }
        return ExitCode.OK;
    }

    private void acquire(Semaphore window, int permits) throws Exception {
        if (!window.tryAcquire(permits, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new CliException(StatusCode.TIMEOUT, "records not acknowledged within " + timeout.toMillis()
                    + " ms (are the bookies up?)");
        }
    }
}
