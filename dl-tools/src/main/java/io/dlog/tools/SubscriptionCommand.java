package io.dlog.tools;

import io.dlog.core.LogManager;
import io.dlog.core.Namespace;
import io.dlog.core.Subscription;
import io.dlog.protocol.DLException;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.Futures;
import io.dlog.protocol.LogNames;
import io.dlog.protocol.StatusCode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dlog subscription}: the parent of {@code list}, {@code show} and {@code delete}. */
@Command(name = "subscription", mixinStandardHelpOptions = true,
        description = "List, show and delete the durable subscriptions of a log (committed reader positions).",
        subcommands = {SubscriptionCommand.ListSubs.class, SubscriptionCommand.Show.class,
            SubscriptionCommand.Delete.class})
final class SubscriptionCommand implements Callable<Integer> {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(DlogCli.of(spec).env().err());
        return ExitCode.USAGE;
    }

    private static <T> T await(CompletableFuture<T> f) throws DLException {
        return Futures.result(f, WAIT);
    }

    /** The JSON of a subscription: {@code {"name":..,"position":"seq:entry:slot"|null}}. */
    static Map<String, Object> json(Subscription s) {
        return Json.object("name", s.name(), "position", s.position().map(DLSN::toString).orElse(null));
    }

    private static String text(Subscription s) {
        return s.name() + "\t" + s.position().map(DLSN::toString).orElse("- (nothing committed)");
    }

    private static CliException notFound(String name, String log) {
        return new CliException(StatusCode.INVALID_ARGUMENT, ExitCode.NOT_FOUND, "subscription " + name
                + " of log " + log + " does not exist");
    }

    /** {@code dlog subscription list LOG}. */
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List a log's subscriptions with their committed positions, sorted by name.")
    static final class ListSubs implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "LOG", description = "The log.")
        String log;

        @Mixin
        OutputOption output;

        @Override
        public Integer call() throws Exception {
            LogNames.validate(log);
            DlogCli cli = DlogCli.of(spec);
            PrintWriter out = cli.env().out();
            try (Namespace ns = cli.openNamespace(); LogManager lm = ns.openLog(log)) {
                DlogCli.requireLog(ns, log);
                List<Subscription> subs = await(lm.subscriptions().list());
                if (output.json()) {
                    List<Object> rows = new ArrayList<>();
                    subs.forEach(s -> rows.add(json(s)));
                    out.println(Json.write(rows));
                } else {
                    subs.forEach(s -> out.println(text(s)));
                }
            } finally {
                out.flush();
            }
            return ExitCode.OK;
        }
    }

    /** {@code dlog subscription show LOG NAME}. */
    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Show one subscription's committed position. Unknown subscription: exit 2.")
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "LOG", description = "The log.")
        String log;

        @Parameters(index = "1", paramLabel = "NAME", description = "The subscription.")
        String name;

        @Mixin
        OutputOption output;

        @Override
        public Integer call() throws Exception {
            LogNames.validate(log);
            Subscription.validateName(name);
            DlogCli cli = DlogCli.of(spec);
            PrintWriter out = cli.env().out();
            try (Namespace ns = cli.openNamespace(); LogManager lm = ns.openLog(log)) {
                DlogCli.requireLog(ns, log);
                Optional<Subscription> sub = await(lm.subscriptions().list()).stream()
                        .filter(s -> s.name().equals(name)).findFirst();
                if (sub.isEmpty()) {
                    throw notFound(name, log);
                }
                out.println(output.json() ? Json.write(json(sub.get())) : text(sub.get()));
            } finally {
                out.flush();
            }
            return ExitCode.OK;
        }
    }

    /** {@code dlog subscription delete LOG NAME}. */
    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = {"Delete a subscription: its committed position is forgotten (a reader of it starts "
                    + "again from the first record) and it no longer holds retention back.",
                "Asks on a terminal; needs --force otherwise. Unknown subscription: exit 2."})
    static final class Delete implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "LOG", description = "The log.")
        String log;

        @Parameters(index = "1", paramLabel = "NAME", description = "The subscription.")
        String name;

        @Option(names = "--force", description = "Do not ask for confirmation.")
        boolean force;

        @Override
        public Integer call() throws Exception {
            LogNames.validate(log);
            Subscription.validateName(name);
            DlogCli cli = DlogCli.of(spec);
            try (Namespace ns = cli.openNamespace(); LogManager lm = ns.openLog(log)) {
                DlogCli.requireLog(ns, log);
                Optional<DLSN> at = await(lm.subscriptions().position(name));
                Confirmation.require(cli.env(), force, "delete subscription " + name + " of log "
                        + DlogCli.logPath(ns, log) + " (at " + at.map(DLSN::toString).orElse("nothing") + ")");
                if (!await(lm.subscriptions().delete(name))) {
                    throw notFound(name, log);
                }
                cli.env().out().println("deleted subscription " + name + " of " + log);
                cli.env().out().flush();
            }
            return ExitCode.OK;
        }
    }
}
