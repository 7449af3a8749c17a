package io.dlog.tools;

import io.dlog.core.LogManager;
import io.dlog.core.Namespace;
import io.dlog.protocol.LogNames;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dlog log delete NAME}: deletes a log's ledgers and metadata, after confirmation. Refuses (exit 5) while
 * a writer holds the log unless {@code --fence}.
 */
@Command(name = "delete", mixinStandardHelpOptions = true,
        description = "Delete a log and all its records. Asks on a terminal; needs --force otherwise.")
final class LogDeleteCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "LOG", description = "The log to delete.")
    String name;

    @Option(names = "--force", description = "Do not ask for confirmation.")
    boolean force;

    @Option(names = "--fence", description = "Delete even while a writer holds the log (that writer is fenced).")
    boolean fence;

    @Override
    public Integer call() throws Exception {
        LogNames.validate(name);
        DlogCli cli = DlogCli.of(spec);
        try (Namespace ns = cli.openNamespace()) {
            DlogCli.requireLog(ns, name);
            int segments;
            try (LogManager log = ns.openLog(name)) {
                segments = log.getLogSegments().size();
            }
            Confirmation.require(cli.env(), force, "delete log " + DlogCli.logPath(ns, name) + " (" + segments + " segments)");
            if (fence) {
                ns.forceDeleteLog(name);
            } else {
                ns.deleteLog(name);
            }
            cli.env().out().println("deleted " + name);
            cli.env().out().flush();
        }
        return ExitCode.OK;
    }
}
