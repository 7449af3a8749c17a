package io.dlog.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.dlog.core.AsyncLogWriter;
import io.dlog.core.DLConfig;
import io.dlog.core.DLConfigKeys;
import io.dlog.core.LogManager;
import io.dlog.core.Namespace;
import io.dlog.core.local.LocalCluster;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.LogRecord;
import io.dlog.protocol.LogSegmentMetadata;
import io.dlog.protocol.SegmentState;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code dlog subscription list|show|delete} and {@code dlog retention show} naming the subscription that holds. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SubscriptionCommandIT {
    private static LocalCluster cluster;
    private static URI uri;

    @TempDir
    Path dir;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = LocalCluster.builder().bookies(3).fsync(false).start();
        uri = cluster.namespaceUri("subs");
        CliRun created = CliRun.run(Path.of("."), "namespace", "create", "--uri", uri.toString());
        assertThat(created.exitCode()).as(created.err()).isZero();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private CliRun dlog(String... args) {
        String[] argv = new String[args.length + 2];
        System.arraycopy(args, 0, argv, 0, args.length);
        argv[args.length] = "--uri";
        argv[args.length + 1] = uri.toString();
        return CliRun.run(dir, argv);
    }

    private CliRun ok(String... args) {
        CliRun r = dlog(args);
        assertThat(r.exitCode()).as(r.err()).isZero();
        return r;
    }

    /** Writes records one per entry until the log has {@code segments} completed segments. */
    private static List<DLSN> writeSegments(LogManager log, int segments) throws Exception {
        AsyncLogWriter w = log.openAsyncLogWriter().get(60, TimeUnit.SECONDS);
        List<DLSN> acked = new ArrayList<>();
        while (log.getLogSegments().stream().filter(s -> s.state() == SegmentState.COMPLETED).count() < segments) {
            byte[] p = ("record-" + acked.size() + "-" + "x".repeat(200)).getBytes(StandardCharsets.UTF_8);
            acked.add(w.write(LogRecord.of(p)).get(60, TimeUnit.SECONDS));
        }
        w.asyncClose().get(60, TimeUnit.SECONDS);
        return acked;
    }

    private static Namespace namespace() throws Exception {
        DLConfig small = DLConfig.builder().set(DLConfigKeys.SEGMENT_MAX_BYTES, 1024L)
                .set(DLConfigKeys.FLUSH_INTERVAL_MS, 0L).build();
        return Namespace.builder().uri(uri).config(small).build();
    }

    @Test
    void subscriptionCommandsShouldListShowAndDelete() throws Exception {
        try (Namespace ns = namespace(); LogManager log = ns.openLog("orders")) {
            ns.createLog("orders");
            log.subscriptions().commit("billing", DLSN.parse("1:4:0")).get(60, TimeUnit.SECONDS);
            log.subscriptions().openReader("audit").get(60, TimeUnit.SECONDS).close();
        }
        assertThat(ok("subscription", "list", "orders").out())
                .isEqualTo("audit\t- (nothing committed)\nbilling\t1:4:0\n");
        assertThat(ok("subscription", "list", "orders", "-o", "json").out())
                .isEqualTo("[{\"name\":\"audit\",\"position\":null},{\"name\":\"billing\",\"position\":\"1:4:0\"}]\n");
        assertThat(ok("subscription", "show", "orders", "billing").out()).isEqualTo("billing\t1:4:0\n");
        assertThat(ok("subscription", "show", "orders", "billing", "--output", "json").out())
                .isEqualTo("{\"name\":\"billing\",\"position\":\"1:4:0\"}\n");

        CliRun missing = dlog("subscription", "show", "orders", "nope");
        assertThat(missing.exitCode()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(missing.err()).contains("subscription nope of log orders does not exist");
        CliRun badName = dlog("subscription", "show", "orders", "a/b");
        assertThat(badName.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(badName.err()).contains("INVALID_ARGUMENT");
        CliRun noLog = dlog("subscription", "list", "nolog");
        assertThat(noLog.exitCode()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(noLog.err()).contains("LOG_NOT_FOUND");

        CliRun unconfirmed = dlog("subscription", "delete", "orders", "billing");
        assertThat(unconfirmed.exitCode()).as("destructive: needs --force without a terminal").isNotZero();
        assertThat(ok("subscription", "delete", "orders", "billing", "--force").out())
                .isEqualTo("deleted subscription billing of orders\n");
        assertThat(dlog("subscription", "delete", "orders", "billing", "--force").exitCode())
                .isEqualTo(ExitCode.NOT_FOUND);
        assertThat(ok("subscription", "list", "orders").out()).isEqualTo("audit\t- (nothing committed)\n");
    }

    @Test
    void retentionShowShouldNameTheSubscriptionThatHoldsRetentionBack() throws Exception {
        List<DLSN> acked;
        try (Namespace ns = namespace(); LogManager log = ns.openLog("held")) {
            acked = writeSegments(log, 3);
            log.subscriptions().commit("slow", acked.get(0)).get(60, TimeUnit.SECONDS);
        }
        assertThat(ok("retention", "show", "held").out()).isEqualTo("held\tretention.ms=-1 retention.bytes=-1 "
                + "(keeps everything)\n");
        assertThat(ok("log", "config", "held", "--set", "retention.bytes=0", "--set",
                "retention.respect.subscriptions=true").out())
                .isEqualTo("held\tretention.ms=-1 retention.bytes=0 retention.respect.subscriptions=true\n");
        assertThat(ok("retention", "show", "held").out()).isEqualTo("held\tretention.ms=-1 retention.bytes=0 "
                + "retention.respect.subscriptions=true held.back.by=slow@" + acked.get(0) + "\n");
        assertThat(ok("retention", "show", "held", "-o", "json").out()).isEqualTo("[{\"name\":\"held\","
                + "\"retention_ms\":-1,\"retention_bytes\":0,\"respect_subscriptions\":true,\"held_back_by\":"
                + "{\"subscription\":\"slow\",\"position\":\"" + acked.get(0) + "\"}}]\n");
        ok("retention", "run", "--force");
        try (Namespace ns = namespace(); LogManager log = ns.openLog("held")) {
            List<LogSegmentMetadata> live = log.getLogSegments().stream()
                    .filter(s -> s.state() != SegmentState.TRUNCATED).toList();
            assertThat(live.get(0).firstDLSN()).as("the unconsumed first segment is kept")
                    .isEqualTo(acked.get(0));
            log.subscriptions().commit("slow", acked.get(acked.size() - 1)).get(60, TimeUnit.SECONDS);
        }
        assertThat(ok("retention", "show", "held").out()).endsWith(" held.back.by=-\n");
        CliRun bad = dlog("log", "config", "held", "--set", "retention.respect.subscriptions=maybe");
        assertThat(bad.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
    }
}
