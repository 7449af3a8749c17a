package io.dlog.tools;

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
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
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
            "Starts after the last record unless --from-start, --from-dlsn or --from-txid is given."})
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

    /** Where to start; at most one. */
    static final class Start {
        @Option(names = "--from-start", description = "Start at the first record of the log.")
        boolean fromStart;

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
        checkOptions();
        DlogCli cli = DlogCli.of(spec);
        try (Namespace ns = cli.openNamespace()) {
            DlogCli.requireLog(ns, name);
            try (LogManager log = ns.openLog(name);
                 AsyncLogReader reader = Futures.result(open(log, fromDlsn), OPEN_TIMEOUT)) {
                return readLoop(reader, new RecordPrinter(stdout(cli), format, payloadOnly));
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
        if (payloadOnly && format == PayloadFormat.JSON) {
            throw new CliException(StatusCode.INVALID_ARGUMENT, ExitCode.USAGE,
                    "--payload-only prints text or base64, not json");
        }
    }

    private CompletableFuture<AsyncLogReader> open(LogManager log, DLSN fromDlsn) throws DLException {
        if (fromDlsn != null) {
            return log.openAsyncLogReader(fromDlsn);
        }
        if (start.fromTxid != null) {
            return log.openAsyncLogReader(start.fromTxid);
        }
        if (start.fromStart) {
            return log.openAsyncLogReader(DLSN.INITIAL);
        }
        try {
            return log.openAsyncLogReader(log.getLastDLSN().nextSlot());
        } catch (DLException e) {
            if (e.code() == StatusCode.LOG_EMPTY) {
                return log.openAsyncLogReader(DLSN.INITIAL);   // every record will be new
            }
            throw e;
        }
    }

    private int readLoop(AsyncLogReader reader, RecordPrinter printer) throws Exception {
        long read = 0;
        Duration wait = timeout == null ? FOREVER : timeout;
        while (count == null || read < count) {
            int n = count == null ? BATCH : (int) Math.min(BATCH, count - read);
            List<LogRecordWithDLSN> batch;
            try {
                batch = Futures.result(reader.readBulk(n), wait);
            } catch (DLException e) {
                if (e.code() == StatusCode.END_OF_STREAM) {
                    return ExitCode.OK;   // a sealed log read to its end
                }
                if (e.code() == StatusCode.TIMEOUT && timeout != null) {
                    return idleEnd(read);
                }
                throw e;
            }
            for (LogRecordWithDLSN r : batch) {
                printer.print(r);
            }
            printer.flush();
            read += batch.size();
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
