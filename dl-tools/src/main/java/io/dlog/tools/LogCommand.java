package io.dlog.tools;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code dlog log}: the parent of the log admin commands. */
@Command(name = "log", mixinStandardHelpOptions = true,
        description = "Create, delete, list, inspect and configure logs.",
        subcommands = {LogCreateCommand.class, LogDeleteCommand.class, LogListCommand.class, LogShowCommand.class,
            LogConfigCommand.class})
final class LogCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(DlogCli.of(spec).env().err());
        return ExitCode.USAGE;
    }
}
