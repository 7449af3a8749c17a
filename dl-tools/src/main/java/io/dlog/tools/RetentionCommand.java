package io.dlog.tools;

import io.dlog.core.DLConfigKeys;
import io.dlog.core.Namespace;
import io.dlog.core.RetentionPolicy;
import io.dlog.core.RetentionRun;
import io.dlog.core.RetentionService;
import io.dlog.core.Subscription;
import io.dlog.protocol.LogNames;
import io.dlog.protocol.StatusCode;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dlog retention}: the parent of {@code run} and {@code show}. */
@Command(name = "retention", mixinStandardHelpOptions = true,
        description = "Apply retention.ms / retention.bytes now, or show the policy that applies to a log.",
        subcommands = {RetentionCommand.Run.class, RetentionCommand.Show.class})
final class RetentionCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(DlogCli.of(spec).env().err());
        return ExitCode.USAGE;
    }

    /** {@code dlog retention run}: one retention pass over every log, on this process, now. */
    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"Run one retention pass over every log of the namespace now: delete the completed "
                    + "segments that retention.ms / retention.bytes (of --conf, or a log's override) release.",
                "Irreversible: asks on a terminal, needs --force otherwise. Exit 5 if another retention service "
                    + "(e.g. dlog standalone) is running a pass."})
    static final class Run implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--force", description = "Do not ask for confirmation.")
        boolean force;

        @Override
        public Integer call() throws Exception {
            DlogCli cli = DlogCli.of(spec);
            PrintWriter out = cli.env().out();
            try (Namespace ns = cli.openNamespace()) {
                RetentionPolicy policy = RetentionPolicy.fromConfig(ns.config());
                Confirmation.require(cli.env(), force, "apply retention (" + describe(policy)
                        + ", and per-log overrides) to every log of " + ns.uri());
                RetentionRun run;
                try (RetentionService retention = ns.admin().retentionService(Clock.systemUTC(), null)) {
                    run = retention.runOnce();
                }
                if (!run.ran()) {
                    throw new CliException(StatusCode.LOCKING_EXCEPTION, "another retention service holds the "
                            + "retention lock of " + ns.uri() + " and is running a pass; nothing was done");
                }
                out.println("retention pass: " + run.logsChecked() + " log(s) checked, " + run.segmentsDeleted()
                        + " segment(s) deleted, " + run.bytesDeleted() + " bytes released, " + run.logsFailed()
                        + " log(s) failed");
                out.flush();
                if (run.logsFailed() > 0) {
                    throw new CliException(StatusCode.SERVICE_UNAVAILABLE, "retention failed on "
                            + run.logsFailed() + " log(s) (see --verbose); running it again retries them");
                }
            }
            return ExitCode.OK;
        }
    }

    /** {@code dlog retention show LOG...}: the policy that applies to each log. */
    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Show the retention policy that applies to logs (a per-log override, else the "
                    + "namespace configuration of --conf) and, with retention.respect.subscriptions, the durable "
                    + "subscription that holds retention back.")
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "LOG", arity = "1..*", description = "The logs.")
        List<String> names;

        @Mixin
        OutputOption output;

        @Override
        public Integer call() throws Exception {
            for (String name : names) {
                LogNames.validate(name);
            }
            DlogCli cli = DlogCli.of(spec);
            PrintWriter out = cli.env().out();
            try (Namespace ns = cli.openNamespace();
                 RetentionService retention = ns.admin().retentionService(Clock.systemUTC(), null)) {
                List<Object> rows = new ArrayList<>();
                for (String name : names) {
                    DlogCli.requireLog(ns, name);
                    RetentionPolicy p = retention.policy(name);
                    Optional<Subscription> held = p.respectSubscriptions() ? retention.heldBackBy(name)
                            : Optional.empty();
                    if (output.json()) {
                        Map<String, Object> row = json(name, p);
                        if (p.respectSubscriptions()) {
                            row.put("held_back_by", heldBackJson(held));
                        }
                        rows.add(row);
                    } else {
                        out.println(name + "\t" + describe(p) + (p.respectSubscriptions()
                                ? " " + describeHeldBack(held) : ""));
                    }
                }
                if (output.json()) {
                    out.println(Json.write(rows));
                }
            } finally {
                out.flush();
            }
            return ExitCode.OK;
        }
    }

    /**
     * The JSON of a log's policy: {@code {"name":..,"retention_ms":..,"retention_bytes":..}}, plus
     * {@code "respect_subscriptions":true} when the policy respects subscriptions.
     */
    static Map<String, Object> json(String name, RetentionPolicy p) {
        Map<String, Object> m = Json.object("name", name, "retention_ms", p.retentionMs(), "retention_bytes",
                p.retentionBytes());
        if (p.respectSubscriptions()) {
            m.put("respect_subscriptions", true);
        }
        return m;
    }

    /**
     * Describes a policy in config-file terms, e.g. {@code retention.ms=86400000 retention.bytes=-1} (and
     * {@code retention.respect.subscriptions=true} when set).
     */
    static String describe(RetentionPolicy p) {
        return DLConfigKeys.RETENTION_MS.name() + "=" + p.retentionMs() + " " + DLConfigKeys.RETENTION_BYTES.name()
                + "=" + p.retentionBytes() + (p.respectSubscriptions()
                        ? " " + DLConfigKeys.RETENTION_RESPECT_SUBSCRIPTIONS.name() + "=true" : "")
                + (p.isEnabled() ? "" : " (keeps everything)");
    }

    /** Describes the subscription holding retention back: {@code held.back.by=billing@3:0:5} or {@code ...=-}. */
    static String describeHeldBack(Optional<Subscription> held) {
        return "held.back.by=" + held.map(Subscription::toString).orElse("-");
    }

    /** The JSON of the subscription holding retention back, or null. */
    static Object heldBackJson(Optional<Subscription> held) {
        return held.<Object>map(s -> Json.object("subscription", s.name(), "position",
                s.position().map(Object::toString).orElse(null))).orElse(null);
    }
}
