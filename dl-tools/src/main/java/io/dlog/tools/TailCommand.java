package io.dlog.tools;

import io.dlog.client.DLClient;
import io.dlog.client.ReadFrom;
import io.dlog.client.StreamReader;
import io.dlog.core.AsyncLogReader;
import io.dlog.core.LogManager;
import io.dlog.core.Namespace;
import io.dlog.protocol.DLException;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.Futures;
import io.dlog.protocol.LogNames;
import io.dlog.protocol.LogRecordWithDLSN;
import io.dlog.protocol.StatusCode;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.IntFunction;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dlog tail LOG}: reads a log from a position and follows its tail, printing DLSN, txid and payload.
 * Starts at the end (only new records) unless told otherwise; stops after {@code --count} records, after
 * {@code --timeout} without a new record, at the end of a sealed log, or on Ctrl-C.
 */
@Command(name = "tail", mixinStandardHelpOptions = true,
        description = {"Read a log and follow it: prints DLSN, txid and payload of each record.",
            "Starts after the last record unless --from-start, --from-end, --from-time, --from-dlsn or --from-txid "
                + "is given."})
final class TailCommand implements Callable<Integer> {
    private static final int BATCH = 100;
    private static final Duration OPEN_TIMEOUT = Duration.ofSeconds(30);
    /** "Forever" for an unbounded tail; a finite value keeps the wait API uniform. */
    private static final Duration FOREVER = Duration.ofDays(3650);

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "LOG", description = "The log.")
    String name;

    @ArgGroup(exclusive = true)
    Start start = new Start();

    @Option(names = "--count", paramLabel = "N", description = "Stop after N records.")
    Long count;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Stop when no new record arrived for this long (e.g. 5s). Default: follow forever.")
    Duration timeout;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default), base64 (binary-safe) or json.")
    PayloadFormat format;

    @Option(names = "--payload-only", description = "Print only payloads, in the input format of 'dlog write'.")
    boolean payloadOnly;

    @Option(names = "--proxy", paramLabel = "HOST:PORT[,HOST:PORT]", description = "Read through read proxies "
            + "(dl-client) instead of an embedded reader; starts at the end, --from-start, --from-dlsn or "
            + "--from-txid.")
    String proxy;

    @Option(names = "--subscription", paramLabel = "NAME", description = "With --proxy: read as durable "
            + "subscription NAME (resume after its committed position) and commit after each printed batch.")
    String subscription;

    /** Where to start; at most one. */
    static final class Start {
        @Option(names = "--from-start", description = "Start at the first readable record of the log (after a "
                + "truncation or retention, the first one kept).")
        boolean fromStart;

        @Option(names = "--from-end", paramLabel = "N", description = "Start N records before the end (-N is "
                + "accepted too).")
        Long fromEnd;

        @Option(names = "--from-time", paramLabel = "TIME", description = "Start at the first segment written at "
                + "or after TIME: an ISO-8601 instant (2026-01-31T12:00:00Z) or a duration ago (10m, 2h). "
                + "Segment-granular (records carry no timestamp).")
        String fromTime;

        @Option(names = "--from-dlsn", paramLabel = "SEG:ENTRY:SLOT", description = "Start at this position.")
        String fromDlsn;

        @Option(names = "--from-txid", paramLabel = "TXID", description = "Start at the first record with this "
                + "txid or a higher one.")
        Long fromTxid;
    }

    @Override
    public Integer call() throws Exception {
        LogNames.validate(name);
        DLSN fromDlsn = start.fromDlsn == null ? null : DLSN.parse(start.fromDlsn);
        Long fromMillis = start.fromTime == null ? null : parseTime(start.fromTime);
        checkOptions();
        DlogCli cli = DlogCli.of(spec);
        if (proxy != null) {
            return tailViaProxy(cli, fromDlsn);
        }
        try (Namespace ns = cli.openNamespace()) {
            DlogCli.requireLog(ns, name);
            try (LogManager log = ns.openLog(name)) {
                TailStart at = startOf(log, fromMillis);
                try (AsyncLogReader reader = Futures.result(open(log, fromDlsn, at), OPEN_TIMEOUT)) {
                    return readLoop(reader::readBulk, new RecordPrinter(stdout(cli), format, payloadOnly),
                            at == null ? 0 : at.skip());
                }
            }
        }
    }

    private void checkOptions() throws CliException {
        if (count != null && count < 1) {
            throw new CliException(StatusCode.INVALID_ARGUMENT, "--count must be at least 1: " + count);
        }
        if (start.fromTxid != null && start.fromTxid < 0) {
            throw new CliException(StatusCode.INVALID_ARGUMENT, "--from-txid must not be negative: "
                    + start.fromTxid);
        }
        if (start.fromEnd != null && start.fromEnd == 0) {
            throw new CliException(StatusCode.INVALID_ARGUMENT, "--from-end must not be 0 (the default starts at "
                    + "the end)");
        }
        if (subscription != null && proxy == null) {
            throw new CliException(StatusCode.INVALID_ARGUMENT, ExitCode.USAGE, "--subscription needs --proxy "
                    + "(embedded readers use the subscriptions of dl-core)");
        }
        if (payloadOnly && format == PayloadFormat.JSON) {
            throw new CliException(StatusCode.INVALID_ARGUMENT, ExitCode.USAGE,
                    "--payload-only prints text or base64, not json");
        }
    }

    /** The start the log decides (first readable, end, N before the end, a time), or null for DLSN/txid. */
    private TailStart startOf(LogManager log, Long fromMillis) throws DLException {
        if (start.fromDlsn != null || start.fromTxid != null) {
            return null;
        }
        if (start.fromStart) {
            return TailStart.first(log);
        }
        if (start.fromEnd != null) {
            return TailStart.fromEnd(log, Math.abs(start.fromEnd));
        }
        if (fromMillis != null) {
            return TailStart.fromTime(log, fromMillis);
        }
        return TailStart.end(log);
    }

    private CompletableFuture<AsyncLogReader> open(LogManager log, DLSN fromDlsn, TailStart at) {
        if (fromDlsn != null) {
            return log.openAsyncLogReader(fromDlsn);   // explicit: below the truncation point stays LOG_TRUNCATED
        }
        if (start.fromTxid != null) {
            return log.openAsyncLogReader(start.fromTxid);
        }
        return log.openAsyncLogReader(at.dlsn());
    }

    /** An ISO-8601 instant, or a duration ago ({@link DurationConverter}'s syntax). */
    static long parseTime(String text) throws CliException {
        try {
            return Instant.parse(text.trim()).toEpochMilli();
        } catch (DateTimeParseException e) {
            try {
                return System.currentTimeMillis() - new DurationConverter().convert(text.trim()).toMillis();
            } catch (RuntimeException e2) {
                throw new CliException(StatusCode.INVALID_ARGUMENT, "--from-time '" + text + "' is neither an "
                        + "ISO-8601 instant (2026-01-31T12:00:00Z) nor a duration (10m, 2h)");
            }
        }
    }

    /** {@code --proxy}: the same loop over a {@link StreamReader} of dl-client. */
    private int tailViaProxy(DlogCli cli, DLSN fromDlsn) throws Exception {
        if (subscription != null) {
            return subscribeViaProxy(cli, fromDlsn);
        }
        if (start.fromEnd != null || start.fromTime != null) {
            throw new CliException(StatusCode.INVALID_ARGUMENT, ExitCode.USAGE, "with --proxy, start at the end "
                    + "(the default), --from-start, --from-dlsn or --from-txid (--from-end and --from-time need "
                    + "the segment metadata of an embedded reader)");
        }
        try (DLClient client = DLClient.builder().proxies(proxy).clientId("dlog-tail").requestTimeout(OPEN_TIMEOUT)
                .build()) {
            CompletableFuture<StreamReader> opening;
            if (start.fromTxid != null) {
                opening = client.openReader(name, start.fromTxid);
            } else if (fromDlsn != null) {
                opening = client.openReader(name, fromDlsn);
            } else {
                // as the embedded default: the proxy resolves the first record, or the end (only new records)
                opening = client.openReader(name, start.fromStart ? ReadFrom.FIRST : ReadFrom.TAIL);
            }
            StreamReader reader = Futures.result(opening, OPEN_TIMEOUT);
            try {
                return readLoop(reader::readBulk, new RecordPrinter(stdout(cli), format, payloadOnly), 0);
            } finally {
                reader.asyncClose();
            }
        }
    }

    /** {@code --proxy --subscription}: resumes after the committed position; commits each printed batch. */
    private int subscribeViaProxy(DlogCli cli, DLSN fromDlsn) throws Exception {
        if (start.fromStart || start.fromEnd != null || start.fromTime != null || fromDlsn != null
                || start.fromTxid != null) {
            throw new CliException(StatusCode.INVALID_ARGUMENT, ExitCode.USAGE, "--subscription starts after the "
                    + "subscription's committed position: give no --from-* option");
        }
        try (DLClient client = DLClient.builder().proxies(proxy).clientId("dlog-tail").requestTimeout(OPEN_TIMEOUT)
                .build()) {
            StreamReader reader = Futures.result(client.subscribe(name, subscription), OPEN_TIMEOUT);
            try {
                return readLoop(reader::readBulk, new RecordPrinter(stdout(cli), format, payloadOnly), 0,
                        reader::commit);
            } finally {
                Futures.result(reader.asyncClose(), OPEN_TIMEOUT);
            }
        }
    }

    private int readLoop(IntFunction<CompletableFuture<List<LogRecordWithDLSN>>> reader, RecordPrinter printer,
            long skip) throws Exception {
        return readLoop(reader, printer, skip, null);
    }

    /** Reads and prints; with {@code commit}, commits the last printed record after each batch is flushed. */
    private int readLoop(IntFunction<CompletableFuture<List<LogRecordWithDLSN>>> reader, RecordPrinter printer,
            long skip, Function<DLSN, CompletableFuture<DLSN>> commit) throws Exception {
        long read = 0;
        long toSkip = skip;
        Duration wait = timeout == null ? FOREVER : timeout;
        while (count == null || read < count) {
            int n = count == null || toSkip > 0 ? BATCH : (int) Math.min(BATCH, count - read);
            List<LogRecordWithDLSN> batch;
            try {
                batch = Futures.result(reader.apply(n), wait);
            } catch (DLException e) {
                if (e.code() == StatusCode.END_OF_STREAM) {
                    return ExitCode.OK;   // a sealed log read to its end
                }
                if (e.code() == StatusCode.TIMEOUT && timeout != null) {
                    return idleEnd(read);
                }
                throw e;
            }
            DLSN printed = null;
            for (LogRecordWithDLSN r : batch) {
                if (toSkip > 0) {
                    toSkip--;
                } else if (count == null || read < count) {
                    printer.print(r);
                    printed = r.dlsn();
                    read++;
                }
            }
            printer.flush();
            if (commit != null && printed != null) {
                Futures.result(commit.apply(printed), OPEN_TIMEOUT);
            }
        }
        return ExitCode.OK;
    }

    private int idleEnd(long read) throws CliException {
        if (count == null) {
            return ExitCode.OK;
        }
        throw new CliException(StatusCode.TIMEOUT, "read " + read + " of " + count + " records; no new record "
                + "within " + timeout.toMillis() + " ms");
    }

    private static OutputStream stdout(DlogCli cli) {
        cli.env().out().flush();
        return cli.env().stdout();
    }
}
