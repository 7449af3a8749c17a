package io.dlog.tools;

import io.dlog.core.AsyncLogWriter;
import io.dlog.core.LogManager;
import io.dlog.core.Namespace;
import io.dlog.protocol.Futures;
import io.dlog.protocol.LogNames;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dlog seal LOG}: marks the end of the stream. Later writes fail with END_OF_STREAM and readers end
 * after the last record. Irreversible, so it asks like the destructive commands.
 */
@Command(name = "seal", mixinStandardHelpOptions = true,
        description = {"Seal a log (end of stream): no record can be appended afterwards. Irreversible: asks on "
                + "a terminal, needs --force otherwise.", "Takes the write lock (refused while another writer "
                + "holds the log)."})
final class SealCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "LOG", description = "The log.")
    String name;

    @Option(names = "--force", description = "Do not ask for confirmation.")
    boolean force;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30s", converter = DurationConverter.class,
            description = "Longest wait for the write lock and the seal (default 30s).")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        LogNames.validate(name);
        DlogCli cli = DlogCli.of(spec);
        try (Namespace ns = cli.openNamespace()) {
            DlogCli.requireLog(ns, name);
            Confirmation.require(cli.env(), force, "seal log " + DlogCli.logPath(ns, name) + " (no more writes, ever)");
            try (LogManager log = ns.openLog(name);
                 AsyncLogWriter writer = Futures.result(log.openAsyncLogWriter(), timeout)) {
                Futures.result(writer.markEndOfStream(), timeout);
            }
            cli.env().out().println("sealed " + name);
            cli.env().out().flush();
        }
        return ExitCode.OK;
    }
}
