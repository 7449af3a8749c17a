package io.dlog.tools;

import io.dlog.core.LogManager;
import io.dlog.core.LogTruncation;
import io.dlog.core.Namespace;
import io.dlog.protocol.DLException;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.LogNames;
import io.dlog.protocol.LogSegmentMetadata;
import io.dlog.protocol.SegmentState;
import io.dlog.protocol.StatusCode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dlog truncate LOG --dlsn SEG:ENTRY:SLOT | --txid N}: releases the records of a log before a position
 * with {@link LogTruncation}, as an administrator, without opening a writer: it takes no write lock, does not
 * fence the log's writer and starts no segment. The position must lie within the completed segments; the
 * in-progress segment and the last segment are never released.
 */
@Command(name = "truncate", mixinStandardHelpOptions = true,
        description = {"Delete the records of a log before a position (segments wholly before it are deleted; "
                + "readers below it get LOG_TRUNCATED). Irreversible: asks on a terminal, needs --force otherwise.",
            "Needs no write lock: safe while a writer is active (the writer is not fenced), but the position must "
                + "lie in a completed segment."})
final class TruncateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "LOG", description = "The log.")
    String name;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Point point;

    @Option(names = "--force", description = "Do not ask for confirmation.")
    boolean force;

    /** Where to truncate: exactly one of the two. */
    static final class Point {
        @Option(names = {"--dlsn", "--before"}, required = true, paramLabel = "SEG:ENTRY:SLOT",
                description = "The first position to keep (--before is an older name).")
        String dlsn;

        @Option(names = "--txid", required = true, paramLabel = "TXID",
                description = "Keep the records from this txid on, at segment granularity: every segment whose "
                        + "last txid is below it is deleted; the segment holding it is kept whole.")
        Long txid;
    }

    @Override
    public Integer call() throws Exception {
        LogNames.validate(name);
        DLSN dlsn = point.dlsn == null ? null : DLSN.parse(point.dlsn);
        if (point.txid != null && point.txid < 0) {
            throw new CliException(StatusCode.INVALID_ARGUMENT, "--txid must not be negative: " + point.txid);
        }
        DlogCli cli = DlogCli.of(spec);
        PrintWriter out = cli.env().out();
        try (Namespace ns = cli.openNamespace()) {
            DlogCli.requireLog(ns, name);
            // Resolve (and validate) a txid before asking: the question names the position that will be used.
            DLSN at = dlsn != null ? dlsn : ns.admin().truncation().pointForTxId(name, point.txid);
            int before = liveSegments(ns);
            String what = point.txid == null ? "before " + at : "before txid " + point.txid + " (at " + at + ")";
            Confirmation.require(cli.env(), force, "truncate log " + DlogCli.logPath(ns, name) + " " + what);
            if (point.txid == null) {
                ns.admin().truncation().truncate(name, at);
            } else {
                at = ns.admin().truncation().truncateBeforeTxId(name, point.txid);
                what = "before txid " + point.txid + " (at " + at + ")";
            }
            int released = Math.max(0, before - liveSegments(ns));
            out.println("truncated " + name + " " + what + ": " + released + " segment(s) released");
            out.flush();
        }
        return ExitCode.OK;
    }

    /** Segments not yet marked TRUNCATED. */
    private int liveSegments(Namespace ns) throws DLException {
        try (LogManager log = ns.openLog(name)) {
            int n = 0;
            for (LogSegmentMetadata s : log.getLogSegments()) {
                n += s.state() == SegmentState.TRUNCATED ? 0 : 1;
            }
            return n;
        }
    }
}
