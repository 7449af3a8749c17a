package io.dlog.tools;

import static org.assertj.core.api.Assertions.assertThat;

import static org.awaitility.Awaitility.await;

import io.dlog.core.local.LocalCluster;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.bookkeeper.client.api.BookKeeper;
import org.apache.bookkeeper.client.api.DigestType;
import org.apache.bookkeeper.client.api.WriteHandle;
import org.apache.bookkeeper.conf.ClientConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The commands in process against a {@link LocalCluster}: results, not-found and refusals. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class CliIT {
    private static LocalCluster cluster;
    private static String uri;

    @TempDir
    Path dir;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = LocalCluster.builder().bookies(3).fsync(false).start();
        uri = cluster.namespaceUri("cli").toString();
        CliRun created = CliRun.run(Path.of("."), "namespace", "create", "--uri", uri);
        assertThat(created.exitCode()).as(created.err()).isZero();
    }

    /** Creates a namespace of the cluster: commands other than {@code namespace create} never do. */
    private void createNamespace(String namespace) {
        CliRun r = dlogAt(namespace, "namespace", "create");
        assertThat(r.exitCode()).as(r.err()).isZero();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private CliRun dlogIn(String stdin, String... args) {
        String[] argv = new String[args.length + 2];
        System.arraycopy(args, 0, argv, 0, args.length);
        argv[args.length] = "--uri";
        argv[args.length + 1] = uri;
        return CliRun.runWithInput(dir, stdin, argv);
    }

    private CliRun dlog(String... args) {
        return dlogIn("", args);
    }

    /** Runs against another namespace of the cluster, so namespace-wide commands do not touch the other tests. */
    private CliRun dlogAt(String namespace, String... args) {
        String[] argv = new String[args.length + 2];
        System.arraycopy(args, 0, argv, 0, args.length);
        argv[args.length] = "--uri";
        argv[args.length + 1] = cluster.namespaceUri(namespace).toString();
        return CliRun.runWithInput(dir, "", argv);
    }

    /** A config file with 1 KiB segments: a 40 x 200-byte write makes several segments. */
    private String smallSegmentsConf(String extra) throws Exception {
        Path conf = dir.resolve("small-segments.conf");
        Files.writeString(conf, "segment.max.bytes=1024\nwriter.batch.max.bytes=0\nwriter.flush.interval.ms=0\n"
                + extra, StandardCharsets.UTF_8);
        return conf.toString();
    }

    /** Returns a column of a segment's row in {@code log show}'s table. */
    private static String segmentColumn(String show, long seq, int column) {
        for (String line : show.split("\n")) {
            String[] cols = line.trim().split("\\s+");
            if (cols.length > column && cols[0].equals(Long.toString(seq))) {
                return cols[column];
            }
        }
        throw new AssertionError("no segment " + seq + " in:\n" + show);
    }

    private static int segmentCount(String show) {
        for (String line : show.split("\n")) {
            if (line.startsWith("segments ")) {
                return Integer.parseInt(line.substring("segments ".length()).trim());
            }
        }
        throw new AssertionError("no segment count in:\n" + show);
    }

    /** Creates a ledger tagged for a namespace and a log but referenced by no segment, like a crashed writer's. */
    private static long plantOrphan(String nsPath, String log, long seq) throws Exception {
        ClientConfiguration conf = cluster.newClientConfiguration();
        conf.setStoreSystemtimeAsLedgerCreationTime(true);
        try (BookKeeper bk = BookKeeper.newBuilder(conf).build()) {
            WriteHandle h = bk.newCreateLedgerOp().withEnsembleSize(3).withWriteQuorumSize(3).withAckQuorumSize(2)
                    .withDigestType(DigestType.CRC32C).withPassword(new byte[0])
                    .withCustomMetadata(Map.of(
                            "dlog.namespace", nsPath.getBytes(StandardCharsets.UTF_8),
                            "dlog.log", log.getBytes(StandardCharsets.UTF_8),
                            "dlog.segment", Long.toString(seq).getBytes(StandardCharsets.UTF_8)))
                    .execute().get(30, TimeUnit.SECONDS);
            return h.getId();
        }
    }

    @Test
    void unknownLogShouldExitNotFoundWithOneLine() {
        for (String[] args : new String[][] {{"tail", "nope", "--from-start"}, {"tail", "nope"},
            {"log", "show", "nope"}, {"log", "delete", "nope", "--force"}, {"truncate", "nope", "--before",
                "1:0:0", "--force"}, {"seal", "nope", "--force"}}) {
            CliRun r = dlog(args);
            assertThat(r.exitCode()).as(String.join(" ", args) + ": " + r.err()).isEqualTo(ExitCode.NOT_FOUND);
            assertThat(r.errLines()).hasSize(1);
            assertThat(r.err()).contains("(LOG_NOT_FOUND)").contains("log /cli/nope does not exist");
        }
    }

    @Test
    void logAdminShouldCreateListShowAndDelete() {
        assertThat(dlog("log", "create", "admin-a", "admin-b").exitCode()).isZero();
        CliRun exists = dlog("log", "create", "admin-a");
        assertThat(exists.exitCode()).isEqualTo(ExitCode.REFUSED);
        assertThat(exists.err()).contains("(LOG_EXISTS)");
        assertThat(dlog("log", "list", "--names-only").out()).contains("admin-a\n").contains("admin-b\n");

        assertThat(dlogIn("a\nb\nc\n", "write", "admin-a").exitCode()).isZero();
        CliRun show = dlog("log", "show", "admin-a");
        assertThat(show.exitCode()).as(show.err()).isZero();
        assertThat(show.out()).contains("records    3").contains("SEQ  STATE").contains("1:0:0");

        CliRun refused = dlog("log", "delete", "admin-b");
        assertThat(refused.exitCode()).isEqualTo(ExitCode.REFUSED);
        assertThat(refused.err()).contains("--force").contains("(REQUEST_DENIED)");
        assertThat(dlog("log", "delete", "admin-b", "--force").exitCode()).isZero();
        assertThat(dlog("log", "list", "--names-only").out()).doesNotContain("admin-b");
    }

    @Test
    void writeThenTailShouldRoundTripTextAndBinary() {
        CliRun w = dlogIn("hello\nworld\n", "write", "rt");
        assertThat(w.exitCode()).as(w.err()).isZero();
        assertThat(w.out()).contains("wrote 2 records").contains("p99.9=");
        CliRun t = dlog("tail", "rt", "--from-start", "--count", "2", "--timeout", "20s");
        assertThat(t.exitCode()).as(t.err()).isZero();
        // group commit: the first record goes out alone, the second in a later entry (which one depends on timing)
        assertThat(t.out()).matches("1:0:0\t1\thello\n1:[1-9][0-9]*:0\t2\tworld\n");

        byte[] binary = {0, 10, 13, (byte) 0xff, 'x'};
        String b64 = Base64.getEncoder().encodeToString(binary);
        assertThat(dlogIn(b64 + "\n", "write", "bin", "--format", "base64").exitCode()).isZero();
        CliRun tb = dlog("tail", "bin", "--from-start", "--count", "1", "--format", "base64", "--payload-only",
                "--timeout", "20s");
        assertThat(tb.out()).isEqualTo(b64 + "\n");
        CliRun json = dlog("tail", "bin", "--from-txid", "1", "--count", "1", "--format", "json", "--timeout", "20s");
        assertThat(json.out()).isEqualTo("{\"dlsn\":\"1:0:0\",\"txid\":1,\"payload_base64\":\"" + b64 + "\"}\n");
    }

    @Test
    void tailShouldStopAfterIdleTimeout() {
        assertThat(dlogIn("x\n", "write", "idle").exitCode()).isZero();
        CliRun fromEnd = dlog("tail", "idle", "--timeout", "1s");
        assertThat(fromEnd.exitCode()).as(fromEnd.err()).isZero();
        assertThat(fromEnd.out()).isEmpty();
        CliRun tooFew = dlog("tail", "idle", "--from-start", "--count", "2", "--timeout", "1s");
        assertThat(tooFew.exitCode()).isEqualTo(ExitCode.UNAVAILABLE);
        assertThat(tooFew.out()).isEqualTo("1:0:0\t1\tx\n");
        assertThat(tooFew.err()).contains("read 1 of 2").contains("(TIMEOUT)");
    }

    @Test
    void syntheticWriteShouldPrintSummaryWithPercentiles() {
        CliRun w = dlog("write", "synthetic", "--count", "500", "--size", "64");
        assertThat(w.exitCode()).as(w.err()).isZero();
        assertThat(w.out()).contains("wrote 500 records, 32000 bytes").contains("p50=").contains("p99=")
                .contains("max=").contains("txid 500");
    }

    @Test
    void sealShouldEndTheStreamForWritersAndReaders() {
        assertThat(dlogIn("a\n", "write", "sealed").exitCode()).isZero();
        assertThat(dlog("seal", "sealed").exitCode()).isEqualTo(ExitCode.REFUSED);
        CliRun s = dlog("seal", "sealed", "--force");
        assertThat(s.exitCode()).as(s.err()).isZero();
        CliRun w = dlogIn("b\n", "write", "sealed");
        assertThat(w.exitCode()).as(w.err()).isEqualTo(ExitCode.REFUSED);
        assertThat(w.err()).contains("(END_OF_STREAM)");
        CliRun t = dlog("tail", "sealed", "--from-start", "--timeout", "20s");
        assertThat(t.exitCode()).as(t.err()).isZero();
        assertThat(t.out()).isEqualTo("1:0:0\t1\ta\n");
    }

    @Test
    void auditShouldExitZeroWhenCleanAndReportAndDeleteAPlantedOrphan() throws Exception {
        String ns = "cli-audit";
        createNamespace(ns);
        assertThat(dlogAt(ns, "log", "create", "a").exitCode()).isZero();
        CliRun w = dlogAt(ns, "write", "a", "--count", "3");
        assertThat(w.exitCode()).as(w.err()).isZero();
        // A closing writer deletes its pre-allocated ledger asynchronously.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            CliRun clean = dlogAt(ns, "audit");
            assertThat(clean.exitCode()).as(clean.out() + clean.err()).isZero();
            assertThat(clean.out()).contains("orphans                 0\n").contains("missing ledgers         0\n")
                    .contains("result: clean").doesNotContain("KIND");
        });

        String nsPath = URI.create(cluster.namespaceUri(ns).toString()).getPath();
        long orphan = plantOrphan(nsPath, "a", 1);
        CliRun dirty = dlogAt(ns, "audit");
        assertThat(dirty.exitCode()).as(dirty.out() + dirty.err()).isEqualTo(ExitCode.AUDIT_FINDINGS);
        assertThat(dirty.err()).isEmpty();
        assertThat(dirty.out()).contains("orphans                 1\n").contains("result: 1 problem(s)")
                .containsPattern("(?m)^orphan\\s+" + orphan + "\\s+a\\s+1\\s+\\d+s\\s+no segment references it$");

        CliRun young = dlogAt(ns, "audit", "--delete", "--force");   // default grace 1h: too young to delete
        assertThat(young.exitCode()).as(young.err()).isEqualTo(ExitCode.AUDIT_FINDINGS);
        assertThat(young.out()).contains("deleted 0 orphan ledger(s)");
        CliRun refused = dlogAt(ns, "audit", "--delete", "--grace", "0s");
        assertThat(refused.exitCode()).isEqualTo(ExitCode.REFUSED);
        assertThat(refused.err()).contains("(REQUEST_DENIED)");

        CliRun deleted = dlogAt(ns, "audit", "--delete", "--force", "--grace", "0s");
        assertThat(deleted.exitCode()).as(deleted.out() + deleted.err()).isZero();
        assertThat(deleted.out()).contains("deleted orphan ledger " + orphan + " (log a, seq 1, age ")
                .contains("deleted 1 orphan ledger(s)").contains("result: clean");
        assertThat(dlogAt(ns, "audit").exitCode()).isZero();
    }

    @Test
    void truncateByDlsnShouldReleaseSegmentsWithoutAWriter() throws Exception {
        String conf = smallSegmentsConf("");
        CliRun w = dlog("write", "trunc", "--count", "40", "--size", "200", "--conf", conf);
        assertThat(w.exitCode()).as(w.err()).isZero();
        CliRun show = dlog("log", "show", "trunc");
        int segments = segmentCount(show.out());
        assertThat(segments).as(show.out()).isGreaterThanOrEqualTo(4);

        CliRun refused = dlog("truncate", "trunc", "--dlsn", "3:0:0");
        assertThat(refused.exitCode()).isEqualTo(ExitCode.REFUSED);
        CliRun pastEnd = dlog("truncate", "trunc", "--dlsn", "999:0:0", "--force");
        assertThat(pastEnd.exitCode()).as(pastEnd.err()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(pastEnd.err()).contains("(INVALID_ARGUMENT)");

        CliRun t = dlog("truncate", "trunc", "--dlsn", "3:0:0", "--force");
        assertThat(t.exitCode()).as(t.err()).isZero();
        assertThat(t.out()).isEqualTo("truncated trunc before 3:0:0: 2 segment(s) released\n");
        CliRun after = dlog("log", "show", "trunc");
        assertThat(after.out()).contains("first      3:0:0").containsPattern("(?m)^2\\s+truncated\\s+-1\\s");
        assertThat(segmentCount(after.out())).isLessThan(segments);

        // --from-start means the first readable record, as Kafka's --from-beginning (issue 12 item 6) ...
        CliRun tail = dlog("tail", "trunc", "--from-start", "--count", "1", "--timeout", "20s");
        assertThat(tail.exitCode()).as(tail.err()).isZero();
        assertThat(tail.out()).startsWith("3:0:0\t");
        // ... while an explicit position below the cut still fails.
        CliRun below = dlog("tail", "trunc", "--from-dlsn", "1:0:0", "--count", "1", "--timeout", "20s");
        assertThat(below.exitCode()).as(below.err()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(below.errLines()).hasSize(1);
        assertThat(below.err()).contains("(LOG_TRUNCATED)");
        CliRun fromPoint = dlog("tail", "trunc", "--from-dlsn", "3:0:0", "--count", "1", "--timeout", "20s");
        assertThat(fromPoint.exitCode()).as(fromPoint.err()).isZero();
        assertThat(fromPoint.out()).startsWith("3:0:0\t");
    }

    @Test
    void truncateByTxidShouldKeepTheSegmentHoldingIt() throws Exception {
        String conf = smallSegmentsConf("");
        assertThat(dlog("write", "trunc-txid", "--count", "40", "--size", "200", "--conf", conf).exitCode()).isZero();
        CliRun show = dlog("log", "show", "trunc-txid");
        int segments = segmentCount(show.out());
        assertThat(segments).as(show.out()).isGreaterThanOrEqualTo(4);
        long firstTxidOfThird = Long.parseLong(segmentColumn(show.out(), 3, 3));
        long txid = Long.parseLong(segmentColumn(show.out(), 3, 4));   // segment 3's last: it is kept whole

        CliRun t = dlog("truncate", "trunc-txid", "--txid", Long.toString(txid), "--force");
        assertThat(t.exitCode()).as(t.err()).isZero();
        assertThat(t.out()).isEqualTo("truncated trunc-txid before txid " + txid + " (at 3:0:0): 2 segment(s) "
                + "released\n");
        CliRun after = dlog("log", "show", "trunc-txid");
        assertThat(after.out()).contains("first      3:0:0").contains("truncated");
        CliRun tail = dlog("tail", "trunc-txid", "--from-start", "--count", "1", "--timeout", "20s");
        assertThat(tail.exitCode()).as(tail.err()).isZero();
        assertThat(tail.out()).startsWith("3:0:0\t" + firstTxidOfThird + "\t");
        CliRun kept = dlog("tail", "trunc-txid", "--from-dlsn", "3:0:0", "--count", "1", "--timeout", "20s");
        assertThat(kept.exitCode()).as(kept.err()).isZero();
        assertThat(kept.out()).startsWith("3:0:0\t" + firstTxidOfThird + "\t");
    }

    @Test
    void retentionRunShouldDeleteOldSegmentsButTheLast() throws Exception {
        String ns = "cli-retention";
        createNamespace(ns);
        String conf = smallSegmentsConf("retention.ms=0\n");
        assertThat(dlogAt(ns, "write", "r", "--count", "40", "--size", "200", "--conf", conf).exitCode()).isZero();
        int segments = segmentCount(dlogAt(ns, "log", "show", "r").out());
        assertThat(segments).isGreaterThanOrEqualTo(3);
        CliRun policy = dlogAt(ns, "retention", "show", "r", "--conf", conf);
        assertThat(policy.out()).isEqualTo("r\tretention.ms=0 retention.bytes=-1\n");
        assertThat(dlogAt(ns, "retention", "run", "--conf", conf).exitCode()).isEqualTo(ExitCode.REFUSED);

        CliRun run = dlogAt(ns, "retention", "run", "--force", "--conf", conf);
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("retention pass: 1 log(s) checked, " + (segments - 1) + " segment(s) deleted");
        CliRun after = dlogAt(ns, "log", "show", "r");
        assertThat(after.out()).contains("first      " + segments + ":0:0");
        // Issue 12 item 6: --from-start on a log whose head retention released starts at the first kept record.
        CliRun tail = dlogAt(ns, "tail", "r", "--from-start", "--count", "1", "--timeout", "20s");
        assertThat(tail.exitCode()).as(tail.err()).isZero();
        assertThat(tail.out()).startsWith(segments + ":0:0\t");
        CliRun json = dlogAt(ns, "retention", "show", "r", "--conf", conf, "--output", "json");
        assertThat(json.out()).isEqualTo("[{\"name\":\"r\",\"retention_ms\":0,\"retention_bytes\":-1}]\n");
    }
}
