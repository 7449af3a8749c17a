package io.dlog.tools;

import io.dlog.core.LogManager;
import io.dlog.core.Namespace;
import io.dlog.protocol.DLException;
import io.dlog.protocol.LogNames;
import io.dlog.protocol.LogSegmentMetadata;
import io.dlog.protocol.StatusCode;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dlog log show NAME}: a summary of the log and its segments table. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Show a log: record count, first/last DLSN and txid, and its segments.")
final class LogShowCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "LOG", description = "The log.")
    String name;

    @Override
    public Integer call() throws Exception {
        LogNames.validate(name);
        DlogCli cli = DlogCli.of(spec);
        PrintWriter out = cli.env().out();
        try (Namespace ns = cli.openNamespace()) {
            DlogCli.requireLog(ns, name);
            try (LogManager log = ns.openLog(name)) {
                List<LogSegmentMetadata> segments = log.getLogSegments();
                out.println("log        " + name);
                out.println("namespace  " + ns.uri());
                out.println("records    " + orDash(() -> Long.toString(log.getLogRecordCount())));
                out.println("first      " + orDash(() -> log.getFirstDLSN().toString()));
                out.println("last       " + orDash(() -> log.getLastDLSN() + " (txid " + log.getLastTxId() + ")"));
                out.println("segments   " + segments.size());
                out.println();
                SegmentTable.print(out, segments);
            }
        }
        out.flush();
        return ExitCode.OK;
    }

    /** A value that may not exist yet (an empty log) or not be computable yet (a read path not implemented). */
    private static String orDash(Value v) throws DLException {
        try {
            return v.get();
        } catch (DLException e) {
            if (e.code() == StatusCode.LOG_EMPTY) {
                return "- (empty)";
            }
            if (e.code() == StatusCode.NOT_IMPLEMENTED) {
                return "- (not available: " + e.getMessage() + ")";
            }
            throw e;
        }
    }

    @FunctionalInterface
    private interface Value {
        String get() throws DLException;
    }
}
