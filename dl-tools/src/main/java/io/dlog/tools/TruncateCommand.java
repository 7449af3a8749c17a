package io.dlog.tools;

import io.dlog.core.AsyncLogWriter;
import io.dlog.core.LogManager;
import io.dlog.core.Namespace;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.Futures;
import io.dlog.protocol.LogNames;
import io.dlog.protocol.LogNotFoundException;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dlog truncate LOG --before DLSN}: releases every record before a position (segments wholly before it are
 * deleted). Takes the log's write lock, so it is refused (exit 5) while another writer holds it.
 */
@Command(name = "truncate", mixinStandardHelpOptions = true,
        description = {"Delete the records of a log before a position. Irreversible: asks on a terminal, needs "
                + "--force otherwise.", "Takes the write lock (refused while another writer holds the log)."})
final class TruncateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "LOG", description = "The log.")
    String name;

    @Option(names = "--before", required = true, paramLabel = "SEG:ENTRY:SLOT",
            description = "The first position to keep.")
    String before;

    @Option(names = "--force", description = "Do not ask for confirmation.")
    boolean force;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30s", converter = DurationConverter.class,
            description = "Longest wait for the write lock and the truncation (default 30s).")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        LogNames.validate(name);
        DLSN dlsn = DLSN.parse(before);
        DlogCli cli = DlogCli.of(spec);
        try (Namespace ns = cli.openNamespace()) {
            if (!ns.logExists(name)) {
                throw new LogNotFoundException("log '" + name + "' does not exist in " + ns.uri());
            }
            Confirmation.require(cli.env(), force, "truncate log '" + name + "' before " + dlsn);
            try (LogManager log = ns.openLog(name);
                 AsyncLogWriter writer = Futures.result(log.openAsyncLogWriter(), timeout)) {
                Futures.result(writer.truncate(dlsn), timeout);
            }
            cli.env().out().println("truncated " + name + " before " + dlsn);
            cli.env().out().flush();
        }
        return ExitCode.OK;
    }
}
