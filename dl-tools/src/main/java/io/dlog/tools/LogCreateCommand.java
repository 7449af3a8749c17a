package io.dlog.tools;

import io.dlog.core.Namespace;
import io.dlog.protocol.DLException;
import io.dlog.protocol.LogNames;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dlog log create NAME...}: creates logs; fails with LOG_EXISTS (exit 5) for one that exists. */
@Command(name = "create", mixinStandardHelpOptions = true, description = "Create one or more logs.")
final class LogCreateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "LOG", description = "Log names: [A-Za-z0-9._-], 1-255 chars.")
    List<String> names;

    @Override
    public Integer call() throws Exception {
        for (String name : names) {
            LogNames.validate(name);   // bad names fail before any ZooKeeper call
        }
        DlogCli cli = DlogCli.of(spec);
        try (Namespace ns = cli.openNamespace()) {
            for (String name : names) {
                create(ns, name, cli);
            }
        }
        return ExitCode.OK;
    }

    private static void create(Namespace ns, String name, DlogCli cli) throws DLException {
        ns.createLog(name);
        cli.env().out().println("created " + name);
        cli.env().out().flush();
    }
}
