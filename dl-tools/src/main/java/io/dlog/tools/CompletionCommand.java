package io.dlog.tools;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code dlog completion}: prints a bash/zsh completion script for every command and option (picocli's
 * {@link AutoComplete}). {@code source <(bin/dlog completion)} enables it in the current shell.
 */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Print a bash/zsh completion script for dlog.",
            "Enable it with: source <(bin/dlog completion)   (zsh: autoload -U +X bashcompinit && bashcompinit "
                + "first)"})
final class CompletionCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        DlogCli cli = DlogCli.of(spec);
        String script = AutoComplete.bash("dlog", spec.root().commandLine());
        cli.env().out().print(script);
        cli.env().out().flush();
        return ExitCode.OK;
    }
}
