package io.dlog.tools;

import io.dlog.core.DLConfigKeys;
import io.dlog.core.Namespace;
import io.dlog.core.RetentionPolicy;
import io.dlog.core.RetentionService;
import io.dlog.protocol.LogNames;
import io.dlog.protocol.StatusCode;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dlog log config LOG [--set KEY=VALUE]... [--reset]}: the per-log settings dl-core keeps, which today are
 * the retention override ({@code retention.ms}, {@code retention.bytes}, stored in {@code <ns>/<log>/retention}).
 * Without options it prints the settings that apply.
 */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = {"Show or change a log's own settings: retention.ms, retention.bytes and "
                + "retention.respect.subscriptions (per-log retention override; the only per-log settings dlog keeps).",
            "--set sets keys (the other key keeps its current value); --reset removes the override, so the "
                + "namespace configuration applies again."})
final class LogConfigCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "LOG", description = "The log.")
    String name;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "retention.ms=N or retention.bytes=N "
            + "(-1: no limit), retention.respect.subscriptions=true|false. Repeatable.")
    Map<String, String> set = new LinkedHashMap<>();

    @Option(names = "--reset", description = "Remove the log's override.")
    boolean reset;

    @Mixin
    OutputOption output;

    @Override
    public Integer call() throws Exception {
        LogNames.validate(name);
        if (reset && !set.isEmpty()) {
            throw new CliException(StatusCode.INVALID_ARGUMENT, ExitCode.USAGE, "--set and --reset exclude each "
                    + "other");
        }
        Long ms = value(DLConfigKeys.RETENTION_MS.name());
        Long bytes = value(DLConfigKeys.RETENTION_BYTES.name());
        Boolean respect = flag(DLConfigKeys.RETENTION_RESPECT_SUBSCRIPTIONS.name());
        DlogCli cli = DlogCli.of(spec);
        PrintWriter out = cli.env().out();
        try (Namespace ns = cli.openNamespace();
             RetentionService retention = ns.admin().retentionService(Clock.systemUTC(), null)) {
            DlogCli.requireLog(ns, name);
            if (reset) {
                retention.clearPolicy(name);
            } else if (!set.isEmpty()) {
                RetentionPolicy now = retention.policy(name);
                retention.setPolicy(name, policy(ms != null ? ms : now.retentionMs(),
                        bytes != null ? bytes : now.retentionBytes(),
                        respect != null ? respect : now.respectSubscriptions()));
            }
            RetentionPolicy p = retention.policy(name);
            if (output.json()) {
                out.println(Json.write(RetentionCommand.json(name, p)));
            } else {
                out.println(name + "\t" + RetentionCommand.describe(p));
            }
        } finally {
            out.flush();
        }
        return ExitCode.OK;
    }

    private Long value(String key) throws CliException {
        for (String k : set.keySet()) {
            if (!k.equals(DLConfigKeys.RETENTION_MS.name()) && !k.equals(DLConfigKeys.RETENTION_BYTES.name())
                    && !k.equals(DLConfigKeys.RETENTION_RESPECT_SUBSCRIPTIONS.name())) {
                throw new CliException(StatusCode.INVALID_ARGUMENT, "'" + k + "' is not a per-log setting; per-log "
                        + "settings are " + DLConfigKeys.RETENTION_MS.name() + ", "
                        + DLConfigKeys.RETENTION_BYTES.name() + " and "
                        + DLConfigKeys.RETENTION_RESPECT_SUBSCRIPTIONS.name());
            }
        }
        String v = set.get(key);
        if (v == null) {
            return null;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new CliException(StatusCode.INVALID_ARGUMENT, key + "=" + v + " is not a number");
        }
    }

    private Boolean flag(String key) throws CliException {
        String v = set.get(key);
        if (v == null) {
            return null;
        }
        if (!v.trim().equals("true") && !v.trim().equals("false")) {
            throw new CliException(StatusCode.INVALID_ARGUMENT, key + "=" + v + " is not true or false");
        }
        return Boolean.parseBoolean(v.trim());
    }

    private static RetentionPolicy policy(long ms, long bytes, boolean respect) throws CliException {
        try {
            return new RetentionPolicy(ms, bytes, respect);
        } catch (IllegalArgumentException e) {
            throw new CliException(StatusCode.INVALID_ARGUMENT, e.getMessage());
        }
    }
}
