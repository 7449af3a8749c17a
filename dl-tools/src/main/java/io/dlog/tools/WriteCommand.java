package io.dlog.tools;

import io.dlog.core.AsyncLogWriter;
import io.dlog.core.LogManager;
import io.dlog.core.Namespace;
import io.dlog.protocol.DLException;
import io.dlog.protocol.Futures;
import io.dlog.protocol.LogNames;
import io.dlog.protocol.StatusCode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
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
        description = {"Append records to a log (created if missing; its namespace must exist): one per line of "
                + "stdin or --file, or --count synthetic records of --size bytes.",
            "Ctrl-C stops cleanly: waits for the records in flight, closes the writer, prints the summary; exit 130.",
            "Prints a summary: records, throughput and latency p50/p99/p99.9/max."})
final class WriteCommand implements Callable<Integer> {
    private static final int DEFAULT_SIZE = 100;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "LOG", description = "The log.")
    String name;

    @Option(names = "--file", paramLabel = "PATH", description = "Read records from this file instead of stdin.")
    Path file;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "Input lines: text (UTF-8, default) or base64 (binary-safe, padded standard Base64).")
    PayloadFormat format;

    @Option(names = "--count", paramLabel = "N", description = "Write N synthetic records instead of reading input.")
    Long count;

    @Option(names = "--size", paramLabel = "BYTES",
            description = "With --count: payload size of the synthetic records (default 100).")
    Integer size;

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
             Namespace ns = cli.openNamespace()) {
            boolean existed = ns.logExists(name);
            WriteSession session = null;
            boolean ok = false;
            try (LogManager log = ns.openLog(name)) {
                AsyncLogWriter writer = Futures.result(log.openAsyncLogWriter(), timeout);
                session = new WriteSession(writer, timeout, cli.env(), name);
                writeAll(cli, session, source(in));
                ok = true;
            } finally {
                if (!ok && !existed && (session == null || session.acknowledged() == 0)) {
                    deleteCreatedLog(ns);
                }
            }
        }
        return ExitCode.OK;
    }

    private void checkOptions() throws CliException {
        if (count != null && count < 0) {
            throw new CliException(StatusCode.INVALID_ARGUMENT, "--count must not be negative: " + count);
        }
        if (size != null && size < 0) {
            throw new CliException(StatusCode.INVALID_ARGUMENT, "--size must not be negative: " + size);
        }
        if (size != null && count == null) {
            throw usage("--size sets the size of synthetic records: it needs --count");
        }
        if (count != null && file != null) {
            throw usage("--count and --file exclude each other");
        }
        if (format == PayloadFormat.JSON) {
            throw usage("--format json is an output format of tail; write reads text or base64");
        }
        if (count != null && format != PayloadFormat.TEXT) {
            throw usage("--format describes input lines; --count writes synthetic records");
        }
    }

    private static CliException usage(String message) {
        return new CliException(StatusCode.INVALID_ARGUMENT, ExitCode.USAGE, message);
    }

    private InputStream openInput(DlogCli cli) throws CliException {
        if (count != null) {
            if (inputWaiting(cli.env().in())) {
                throw usage("--count writes synthetic records and does not read stdin, but input is waiting on "
                        + "stdin: drop --count to write the input");
            }
            return InputStream.nullInputStream();
        }
        if (file == null) {
            return new NonClosingInputStream(cli.env().in());
        }
        Path p = cli.env().workDir().resolve(file);
        if (Files.isDirectory(p)) {
            throw new CliException(StatusCode.INVALID_ARGUMENT, "cannot read " + p + ": is a directory");
        }
        try {
            return Files.newInputStream(p);
        } catch (NoSuchFileException e) {
            throw new CliException(StatusCode.INVALID_ARGUMENT, "cannot read " + p + ": no such file");
        } catch (AccessDeniedException e) {
            throw new CliException(StatusCode.INVALID_ARGUMENT, "cannot read " + p + ": permission denied");
        } catch (IOException e) {
            throw new CliException(StatusCode.INVALID_ARGUMENT, "cannot read " + p + ": " + e.getMessage());
        }
    }

    /** Whether data already waits on stdin (a pipe or file); a terminal or an empty pipe says no. */
    private static boolean inputWaiting(InputStream in) {
        try {
            return in.available() > 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** A write that failed before any record was acknowledged leaves no log behind that it created. */
    private void deleteCreatedLog(Namespace ns) {
        try {
            if (ns.logExists(name)) {
                ns.deleteLog(name);
            }
        } catch (DLException e) {
            // Best effort: the command's own failure is what the user must see.
        }
    }

    private RecordSource source(InputStream in) {
        return count != null ? RecordSource.synthetic(count, size == null ? DEFAULT_SIZE : size)
                : new LineSource(in, format);
    }

    private void writeAll(DlogCli cli, WriteSession session, RecordSource source) throws Exception {
        Progress progress = new Progress(cli.env(), count, session.stats());
        Thread hook = new Thread(() -> session.finish(true), "dlog-write-interrupt");
        boolean hooked = addHook(hook);
        try {
            byte[] payload;
            while (!session.stopped() && (payload = source.next()) != null) {
                if (!session.submit(payload)) {
                    break;
                }
                progress.maybePrint();
            }
        } finally {
            progress.done();
            boolean mine = session.finish(false);
            if (hooked) {
                removeHook(hook);
            }
            if (!mine) {
                // The shutdown hook finished the session (Ctrl-C): it printed the summary; the JVM exits 130.
                throw CliException.reported(ExitCode.INTERRUPTED);
            }
        }
        if (session.failure() != null) {
            throw Futures.toDLException(session.failure());
        }
    }

    private static boolean addHook(Thread hook) {
        try {
            Runtime.getRuntime().addShutdownHook(hook);
            return true;
        } catch (IllegalStateException e) {
            return false;   // already shutting down
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // shutting down: the hook runs, finds the session finished and returns
        }
    }
}
