package io.dlog.tools;

import io.dlog.core.Namespace;
import io.dlog.protocol.LogNames;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dlog log show NAME}: a summary of the log (sealed, bytes, lock holder) and its segments table. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Show a log: records, bytes, first/last DLSN and txid, sealed state, who holds the write "
                + "lock and since when, and its segments.")
final class LogShowCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "LOG", description = "The log.")
    String name;

    @Mixin
    OutputOption output;

    @Override
    public Integer call() throws Exception {
        LogNames.validate(name);
        DlogCli cli = DlogCli.of(spec);
        PrintWriter out = cli.env().out();
        try (Namespace ns = cli.openNamespace()) {
            DlogCli.requireLog(ns, name);
            LogInfo info;
            try (ZkTree zk = ZkTree.connect(cli.namespaceUri(), cli.config(true))) {
                info = LogInfo.read(ns, zk, name);
            }
            if (output.json()) {
                out.println(Json.write(info.detailJson(ns.uri().getPath())));
            } else {
                out.println("log        " + name);
                out.println("namespace  " + ns.uri());
                out.println("records    " + info.records());
                out.println("bytes      " + info.bytes());
                out.println("first      " + (info.firstDlsn() == null ? "- (empty)" : info.firstDlsn()));
                out.println("last       " + (info.lastDlsn() == null ? "- (empty)"
                        : info.lastDlsn() + " (txid " + info.lastTxId() + ")"));
                out.println("last write " + LogListCommand.time(info.lastWriteMillis()));
                out.println("sealed     " + (info.sealed() ? "yes" : "no"));
                out.println("writer     " + (info.writer() == null ? "- (none)" : info.writer().owner()
                        + " since " + LogListCommand.time(info.writer().sinceMillis())));
                out.println("segments   " + info.segmentCount());
                out.println();
                SegmentTable.print(out, info.segments());
            }
        }
        out.flush();
        return ExitCode.OK;
    }
}
