package io.dlog.tools;

import io.dlog.core.AuditReport;
import io.dlog.core.LogAudit;
import io.dlog.core.Namespace;
import io.dlog.core.OrphanLedger;
import io.dlog.core.SegmentRef;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dlog audit}: matches the namespace's BookKeeper ledgers with its segment metadata ({@link LogAudit}) and
 * prints what does not match: orphan ledgers, segments whose ledger is missing, unfinished truncations. Exit 0
 * when there is nothing to act on, {@link ExitCode#AUDIT_FINDINGS} (8) otherwise. With {@code --delete} (after
 * confirmation) it reclaims the orphans older than {@code --grace} and finishes the truncations, then audits again
 * and exits according to what is left.
 */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = {"Compare the namespace's ledgers in BookKeeper with its segments: orphan ledgers, segments "
                + "whose ledger is missing, unfinished truncations.",
            "Reads one ledger's metadata per ledger of the cluster. Exit 0: clean; 8: problems found.",
            "--delete reclaims orphans older than --grace and finishes truncations (asks; --force to skip)."})
final class AuditCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--delete", description = "Delete the orphan ledgers older than --grace and finish unfinished "
            + "truncations (asks on a terminal, needs --force otherwise).")
    boolean delete;

    @Option(names = "--grace", paramLabel = "DURATION", defaultValue = "1h", converter = DurationConverter.class,
            description = "With --delete: only orphans created longer ago than this are deleted (default 1h). "
                    + "Keep it well above the time a writer needs to create a ledger and commit its segment.")
    Duration grace;

    @Option(names = "--force", description = "Do not ask for confirmation.")
    boolean force;

    @Mixin
    OutputOption output;

    @Override
    public Integer call() throws Exception {
        DlogCli cli = DlogCli.of(spec);
        PrintWriter out = cli.env().out();
        Clock clock = Clock.systemUTC();
        try (Namespace ns = cli.openNamespace()) {
            LogAudit audit = ns.admin().audit(clock);
            AuditReport report = audit.run();
            if (output.json()) {
                return json(cli, ns, audit, report, clock);
            }
            printReport(out, ns, report, clock);
            if (!delete) {
                printResult(out, report, true);
                return exitCode(report);
            }
            long deletable = report.orphans().stream().filter(o -> !o.possiblyInUse()).count();
            if (deletable == 0 && report.unfinishedTruncations().isEmpty()) {
                out.println("nothing to delete");
                printResult(out, report, false);
                return exitCode(report);
            }
            out.flush();
            Confirmation.require(cli.env(), force, "delete the orphan ledgers older than " + exact(grace)
                    + " (" + deletable + " orphan(s) found) and finish " + report.unfinishedTruncations().size()
                    + " unfinished truncation(s) in " + ns.uri());
            List<OrphanLedger> deleted = audit.deleteOrphans(grace);
            for (OrphanLedger o : deleted) {
                out.println("deleted orphan ledger " + o.ledgerId() + " (log " + o.log() + ", seq " + seq(o.segment())
                        + ", age " + age(o.createdAtMillis(), clock) + ")");
            }
            out.println("deleted " + deleted.size() + " orphan ledger(s)");
            AuditReport after = audit.run();
            out.println("after: orphans " + after.orphans().size() + ", missing ledgers "
                    + after.missingLedgers().size() + ", unfinished truncations "
                    + after.unfinishedTruncations().size());
            printResult(out, after, false);
            return exitCode(after);
        } finally {
            out.flush();
        }
    }

    /** {@code --output json}: the report (after {@code --delete}, the report after it and what was deleted). */
    private int json(DlogCli cli, Namespace ns, LogAudit audit, AuditReport report, Clock clock) throws Exception {
        List<Object> deleted = new ArrayList<>();
        AuditReport last = report;
        long deletable = report.orphans().stream().filter(o -> !o.possiblyInUse()).count();
        if (delete && (deletable > 0 || !report.unfinishedTruncations().isEmpty())) {
            Confirmation.require(cli.env(), force, "delete the orphan ledgers older than " + exact(grace)
                    + " (" + deletable + " orphan(s) found) and finish " + report.unfinishedTruncations().size()
                    + " unfinished truncation(s) in " + ns.uri());
            for (OrphanLedger o : audit.deleteOrphans(grace)) {
                deleted.add(o.ledgerId());
            }
            last = audit.run();
        }
        Map<String, Object> m = AuditJson.report(ns.uri().toString(), last, clock);
        if (delete) {
            m.put("deleted_orphans", deleted);
        }
        m.put("problems", problems(last));
        cli.env().out().println(Json.write(m));
        return exitCode(last);
    }

    /** The number of findings an operator should act on (a live writer's pre-allocated ledger is not one). */
    static int problems(AuditReport r) {
        int orphans = (int) r.orphans().stream().filter(o -> !o.possiblyInUse()).count();
        return orphans + r.missingLedgers().size() + r.unfinishedTruncations().size();
    }

    private static int exitCode(AuditReport r) {
        return problems(r) == 0 ? ExitCode.OK : ExitCode.AUDIT_FINDINGS;
    }

    private static void printReport(PrintWriter out, Namespace ns, AuditReport r, Clock clock) {
        out.println("namespace               " + ns.uri());
        out.println("logs                    " + r.logs());
        out.println("segments                " + r.segments());
        out.println("ledgers                 " + r.ledgers());
        out.println("orphans                 " + r.orphans().size());
        out.println("missing ledgers         " + r.missingLedgers().size());
        out.println("unfinished truncations  " + r.unfinishedTruncations().size());
        if (r.orphans().isEmpty() && r.missingLedgers().isEmpty() && r.unfinishedTruncations().isEmpty()) {
            return;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"KIND", "LEDGER", "LOG", "SEQ", "AGE", "NOTE"});
        for (OrphanLedger o : r.orphans()) {
            String note = o.possiblyInUse() ? "possibly a live writer's pre-allocated ledger: left alone"
                    : o.createdAtMillis() < 0 ? "creation time unknown: never deleted automatically"
                    : "no segment references it";
            rows.add(new String[] {"orphan", Long.toString(o.ledgerId()), o.log(), seq(o.segment()),
                age(o.createdAtMillis(), clock), note});
        }
        for (SegmentRef s : r.missingLedgers()) {
            rows.add(new String[] {"missing-ledger", Long.toString(s.ledgerId()), s.log(), seq(s.segment()), "-",
                s.state().name().toLowerCase(Locale.ROOT) + " segment without its ledger: data loss, investigate"});
        }
        for (SegmentRef s : r.unfinishedTruncations()) {
            rows.add(new String[] {"unfinished-truncation", s.ledgerId() < 0 ? "-" : Long.toString(s.ledgerId()),
                s.log(), seq(s.segment()), "-", "truncated segment still to be removed"});
        }
        out.println();
        printTable(out, rows);
    }

    private static void printResult(PrintWriter out, AuditReport r, boolean hint) {
        out.println();
        int problems = problems(r);
        int inUse = r.orphans().size() - (problems - r.missingLedgers().size() - r.unfinishedTruncations().size());
        String inUseNote = inUse == 0 ? "" : " (" + inUse + " ledger(s) possibly in use by a live writer)";
        if (problems == 0) {
            out.println("result: clean" + inUseNote);
            return;
        }
        StringBuilder sb = new StringBuilder("result: " + problems + " problem(s)" + inUseNote);
        if (!r.missingLedgers().isEmpty()) {
            sb.append("; ").append(r.missingLedgers().size()).append(" segment(s) lost their ledger");
        }
        if (hint && problems > r.missingLedgers().size()) {
            sb.append("; 'dlog audit --delete' reclaims orphans older than --grace (default 1h) and finishes "
                    + "truncations");
        }
        out.println(sb);
    }

    static void printTable(PrintWriter out, List<String[]> rows) {
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                sb.append(i == 0 ? "" : "  ").append(String.format("%-" + widths[i] + "s", row[i]));
            }
            out.println(sb.toString().stripTrailing());
        }
    }

    private static String seq(long seq) {
        return seq < 0 ? "-" : Long.toString(seq);
    }

    private static String age(long createdAtMillis, Clock clock) {
        if (createdAtMillis < 0) {
            return "-";
        }
        return human(Duration.ofMillis(Math.max(0, clock.millis() - createdAtMillis)));
    }

    /** A duration in its largest exact unit: {@code 0s}, {@code 90s}, {@code 1h}, {@code 1500ms}, as --grace takes it. */
    static String exact(Duration d) {
        long ms = d.toMillis();
        if (ms % 1000 != 0) {
            return ms + "ms";
        }
        long s = ms / 1000;
        if (s != 0 && s % 3600 == 0) {
            return (s / 3600) + "h";
        }
        if (s != 0 && s % 60 == 0) {
            return (s / 60) + "m";
        }
        return s + "s";
    }

    /** A short human duration: {@code 45s}, {@code 12m}, {@code 5h}, {@code 3d}. */
    static String human(Duration d) {
        long s = d.toSeconds();
        if (s < 120) {
            return s + "s";
        }
        if (s < 120 * 60) {
            return (s / 60) + "m";
        }
        if (s < 48 * 3600) {
            return (s / 3600) + "h";
        }
        return (s / 86_400) + "d";
    }
}
