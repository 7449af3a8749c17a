package io.dlog.tools;

import io.dlog.core.Namespace;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code dlog log list}: prints every log of the namespace, one per line, sorted. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the logs of the namespace.")
final class LogListCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        DlogCli cli = DlogCli.of(spec);
        try (Namespace ns = cli.openNamespace()) {
            for (String name : ns.getLogs()) {
                cli.env().out().println(name);
            }
        }
        cli.env().out().flush();
        return ExitCode.OK;
    }
}
