package io.dlog.tools;

import io.dlog.core.DLConfig;
import io.dlog.core.DLConfigKeys;
import io.dlog.core.Namespace;
import io.dlog.protocol.DLException;
import io.dlog.protocol.LogNotFoundException;
import io.dlog.protocol.StatusCode;
import java.io.PrintWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dlog namespace create|list|show|delete}: namespaces are created only here; every other command fails
 * LOG_NOT_FOUND on a missing one, so a mistyped {@code --uri} path is reported instead of created.
 */
@Command(name = "namespace", mixinStandardHelpOptions = true,
        description = "Create, list, show and delete namespaces (the path of --uri).",
        subcommands = {NamespaceCommand.Create.class, NamespaceCommand.ListNamespaces.class,
            NamespaceCommand.Show.class, NamespaceCommand.Delete.class})
final class NamespaceCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(DlogCli.of(spec).env().err());
        return ExitCode.USAGE;
    }

    /** {@code dlog namespace create}: creates the namespace of --uri; LOG_EXISTS (exit 5) if it exists. */
    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create the namespace of --uri.")
    static final class Create implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            DlogCli cli = DlogCli.of(spec);
            URI uri = cli.namespaceUri();
            try (Namespace ns = cli.openNamespace(false)) {
                throw new DLException(StatusCode.LOG_EXISTS, "namespace " + ns.uri().getPath() + " exists");
            } catch (LogNotFoundException e) {
                // Missing, as it should be.
            }
            try (Namespace ns = cli.openNamespace(true)) {
                cli.env().out().println("created namespace " + ns.uri().getPath() + " (" + uri + ")");
                cli.env().out().flush();
            }
            return ExitCode.OK;
        }
    }

    /** {@code dlog namespace list}: every namespace of the ZooKeeper ensemble that --uri names. */
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {"List the namespaces of the ZooKeeper ensemble of --uri (its path is ignored).",
                "Walks the znode tree outside the BookKeeper metadata: one ZooKeeper read per znode."})
    static final class ListNamespaces implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        OutputOption output;

        @Override
        public Integer call() throws Exception {
            DlogCli cli = DlogCli.of(spec);
            URI uri = cli.namespaceUri();
            DLConfig config = cli.config(true);
            List<String> paths;
            try (ZkTree zk = ZkTree.connect(uri, config)) {
                paths = zk.namespaces(config.get(DLConfigKeys.LEDGERS_PATH));
            }
            PrintWriter out = cli.env().out();
            if (output.json()) {
                List<Object> rows = new ArrayList<>();
                for (String p : paths) {
                    rows.add(Json.object("namespace", p, "uri", withPath(uri, p).toString()));
                }
                out.println(Json.write(rows));
            } else {
                paths.forEach(out::println);
            }
            out.flush();
            return ExitCode.OK;
        }
    }

    /** {@code dlog namespace show}: the namespace's URI and its logs. */
    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show the namespace of --uri: its logs.")
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        OutputOption output;

        @Override
        public Integer call() throws Exception {
            DlogCli cli = DlogCli.of(spec);
            PrintWriter out = cli.env().out();
            try (Namespace ns = cli.openNamespace()) {
                List<String> logs = ns.getLogs();
                if (output.json()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("namespace", ns.uri().getPath());
                    m.put("uri", ns.uri().toString());
                    m.put("logs", logs.size());
                    m.put("log_names", logs);
                    out.println(Json.write(m));
                } else {
                    out.println("namespace  " + ns.uri().getPath());
                    out.println("uri        " + ns.uri());
                    out.println("logs       " + logs.size() + (logs.isEmpty() ? "" : " (" + String.join(" ", logs)
                            + ")"));
                }
            }
            out.flush();
            return ExitCode.OK;
        }
    }

    /** {@code dlog namespace delete}: deletes an empty namespace, after confirmation. */
    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete the namespace of --uri. Refuses while it has logs (delete them first). Asks on a "
                    + "terminal; needs --force otherwise.")
    static final class Delete implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--force", description = "Do not ask for confirmation.")
        boolean force;

        @Override
        public Integer call() throws Exception {
            DlogCli cli = DlogCli.of(spec);
            String path;
            try (Namespace ns = cli.openNamespace()) {
                path = ns.uri().getPath();
                List<String> logs = ns.getLogs();
                if (!logs.isEmpty()) {
                    throw new CliException(StatusCode.REQUEST_DENIED, "namespace " + path + " has " + logs.size()
                            + " log(s); delete them first ('dlog log delete')");
                }
                Confirmation.require(cli.env(), force, "delete namespace " + path);
            }
            try (ZkTree zk = ZkTree.connect(cli.namespaceUri(), cli.config(true))) {
                zk.deleteNamespace(path);
            }
            cli.env().out().println("deleted namespace " + path);
            cli.env().out().flush();
            return ExitCode.OK;
        }
    }

    private static URI withPath(URI uri, String path) {
        return URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + path);
    }
}
