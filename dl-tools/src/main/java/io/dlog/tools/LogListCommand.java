package io.dlog.tools;

import io.dlog.core.Namespace;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dlog log list}: every log of the namespace, sorted, with records, bytes, segments, last write time,
 * sealed flag and current writer ({@link LogInfo} says what that costs per log); {@code --names-only} prints only
 * the names (one ZooKeeper read for the whole namespace).
 */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"List the logs of the namespace: records, bytes, segments, last write, sealed, writer.",
            "Costs a few ZooKeeper reads per log (and one BookKeeper read per log with an in-progress segment); "
                + "--names-only reads only the names."})
final class LogListCommand implements Callable<Integer> {
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    @Spec
    CommandSpec spec;

    @Mixin
    OutputOption output;

    @Option(names = "--names-only", description = "Print only the log names, one per line.")
    boolean namesOnly;

    @Override
    public Integer call() throws Exception {
        DlogCli cli = DlogCli.of(spec);
        PrintWriter out = cli.env().out();
        try (Namespace ns = cli.openNamespace()) {
            List<String> names = ns.getLogs();
            if (namesOnly) {
                if (output.json()) {
                    out.println(Json.write(names));
                } else {
                    names.forEach(out::println);
                }
                out.flush();
                return ExitCode.OK;
            }
            List<LogInfo> infos = new ArrayList<>();
            try (ZkTree zk = ZkTree.connect(cli.namespaceUri(), cli.config(true))) {
                for (String name : names) {
                    infos.add(LogInfo.read(ns, zk, name));
                }
            }
            if (output.json()) {
                List<Object> rows = new ArrayList<>();
                infos.forEach(i -> rows.add(i.summaryJson()));
                out.println(Json.write(rows));
            } else {
                printTable(out, infos);
            }
        }
        out.flush();
        return ExitCode.OK;
    }

    private static void printTable(PrintWriter out, List<LogInfo> infos) {
        if (infos.isEmpty()) {
            return;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"LOG", "RECORDS", "BYTES", "SEGMENTS", "LAST_WRITE", "SEALED", "WRITER"});
        for (LogInfo i : infos) {
            rows.add(new String[] {i.name(), Long.toString(i.records()), Long.toString(i.bytes()),
                Integer.toString(i.segmentCount()), time(i.lastWriteMillis()), i.sealed() ? "yes" : "no",
                i.writer() == null ? "-" : i.writer().owner()});
        }
        AuditCommand.printTable(out, rows);
    }

    static String time(long millis) {
        return millis <= 0 ? "-" : TIME.format(Instant.ofEpochMilli(millis));
    }
}
