package io.dlog.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.dlog.core.AsyncLogWriter;
import io.dlog.core.LogManager;
import io.dlog.core.Namespace;
import io.dlog.core.local.LocalCluster;
import io.dlog.protocol.Futures;
import io.dlog.protocol.LogRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What operators coming from Kafka and Pulsar expect of the command line (issue 17), in process against a
 * {@link LocalCluster}: namespaces are never created by mistake, failed writes leave no log, JSON output,
 * log list/show details, per-log settings, and the tail start positions.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class CliOperatorIT {
    private static LocalCluster cluster;

    @TempDir
    Path dir;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = LocalCluster.builder().bookies(3).fsync(false).start();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private CliRun at(String namespace, String stdin, String... args) {
        String[] argv = new String[args.length + 2];
        System.arraycopy(args, 0, argv, 0, args.length);
        argv[args.length] = "--uri";
        argv[args.length + 1] = cluster.namespaceUri(namespace).toString();
        return CliRun.runWithInput(dir, stdin, argv);
    }

    private CliRun ok(String namespace, String stdin, String... args) {
        CliRun r = at(namespace, stdin, args);
        assertThat(r.exitCode()).as(String.join(" ", args) + ": " + r.err()).isZero();
        return r;
    }

    @Test
    void commandsShouldNotCreateAMistypedNamespace() {
        ok("ops-real", "", "namespace", "create");
        for (String[] args : new String[][] {{"log", "list"}, {"write", "foo", "--count", "1"}, {"log", "create",
            "foo"}, {"tail", "foo", "--from-start"}, {"audit"}, {"namespace", "show"}}) {
            CliRun r = at("ops-typo", "", args);
            assertThat(r.exitCode()).as(String.join(" ", args) + ": " + r.err()).isEqualTo(ExitCode.NOT_FOUND);
            assertThat(r.errLines()).hasSize(1);
            assertThat(r.err()).contains("namespace /ops-typo does not exist").contains("(LOG_NOT_FOUND)");
        }
        CliRun list = ok("ops-real", "", "namespace", "list");
        assertThat(list.out()).contains("/ops-real\n").doesNotContain("ops-typo");
    }

    @Test
    void namespaceCommandsShouldCreateListShowAndDeleteAnEmptyNamespace() {
        ok("ops-ns", "", "namespace", "create");
        CliRun again = at("ops-ns", "", "namespace", "create");
        assertThat(again.exitCode()).isEqualTo(ExitCode.REFUSED);
        assertThat(again.err()).contains("namespace /ops-ns exists").contains("(LOG_EXISTS)");
        ok("ops-ns", "", "log", "create", "l1");
        assertThat(ok("ops-ns", "", "namespace", "show").out()).contains("logs       1 (l1)");
        assertThat(ok("ops-ns", "", "namespace", "show", "--output", "json").out())
                .contains("\"namespace\":\"/ops-ns\"").contains("\"logs\":1").contains("\"log_names\":[\"l1\"]");
        assertThat(ok("ops-ns", "", "namespace", "list", "--output", "json").out())
                .contains("{\"namespace\":\"/ops-ns\",\"uri\":\"" + cluster.namespaceUri("ops-ns") + "\"}");

        CliRun hasLogs = at("ops-ns", "", "namespace", "delete", "--force");
        assertThat(hasLogs.exitCode()).isEqualTo(ExitCode.REFUSED);
        assertThat(hasLogs.err()).contains("has 1 log(s)");
        assertThat(at("ops-ns", "", "namespace", "delete").exitCode()).isEqualTo(ExitCode.REFUSED);
        ok("ops-ns", "", "log", "delete", "l1", "--force");
        assertThat(ok("ops-ns", "", "namespace", "delete", "--force").out()).isEqualTo("deleted namespace /ops-ns\n");
        assertThat(at("ops-ns", "", "log", "list").exitCode()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(ok("ops-real2", "", "namespace", "create").out()).startsWith("created namespace /ops-real2");
        assertThat(ok("ops-real2", "", "namespace", "list").out()).doesNotContain("/ops-ns\n");
    }

    @Test
    void failedWriteShouldNotCreateTheLogAndEmptyWriteShouldClaimNoPosition() {
        ok("ops-w", "", "namespace", "create");
        CliRun bad = at("ops-w", "e1\n", "write", "newlog", "--format", "base64");
        assertThat(bad.exitCode()).as(bad.err()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(bad.err()).contains("line 1 is not valid Base64");
        assertThat(at("ops-w", "", "log", "show", "newlog").exitCode()).isEqualTo(ExitCode.NOT_FOUND);

        CliRun empty = ok("ops-w", "", "write", "empty");
        assertThat(empty.out()).startsWith("wrote 0 records").doesNotContain("DLSN").doesNotContain("txid");
        CliRun two = ok("ops-w", "a\nb\n", "write", "empty");
        assertThat(two.out()).startsWith("wrote 2 records").contains("last DLSN ").contains(" txid 2 (log empty)");
        // A failure after records were acknowledged keeps the log and what it holds.
        CliRun partly = at("ops-w", "ZTE=\ne1\n", "write", "empty", "--format", "base64");
        assertThat(partly.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(partly.out()).startsWith("wrote 1 records");
        assertThat(ok("ops-w", "", "log", "show", "empty").out()).contains("records    3");
    }

    @Test
    void logListAndShowShouldReportSizesSealedStateAndTheWriter() throws Exception {
        ok("ops-l", "", "namespace", "create");
        ok("ops-l", "a\nbb\n", "write", "plain");
        ok("ops-l", "x\n", "write", "closed");
        ok("ops-l", "", "seal", "closed", "--force");
        try (Namespace ns = Namespace.builder().uri(cluster.namespaceUri("ops-l")).ownerId("it-writer:1").build();
             LogManager log = ns.openLog("held");
             AsyncLogWriter w = Futures.result(log.openAsyncLogWriter(), Duration.ofSeconds(30))) {
            Futures.result(w.write(LogRecord.of("h".getBytes())), Duration.ofSeconds(30));
            long before = System.currentTimeMillis();

            CliRun table = ok("ops-l", "", "log", "list");
            assertThat(table.out()).startsWith("LOG     RECORDS  BYTES  SEGMENTS  LAST_WRITE")
                    .containsPattern("(?m)^closed\\s+1\\s+\\d+\\s+\\d+\\s+\\S+Z\\s+yes\\s+-$")
                    .containsPattern("(?m)^held\\s+1\\s+0\\s+1\\s+\\S+Z\\s+no\\s+it-writer:1$")
                    .containsPattern("(?m)^plain\\s+2\\s+\\d+\\s+1\\s+\\S+Z\\s+no\\s+-$");
            CliRun json = ok("ops-l", "", "log", "list", "--output", "json");
            assertThat(json.out()).startsWith("[{\"name\":\"closed\",\"records\":1,\"bytes\":")
                    .contains("\"sealed\":true,\"writer\":null}")
                    .contains("{\"name\":\"plain\",\"records\":2,")
                    .containsPattern("\"name\":\"held\",\"records\":1,\"bytes\":0,\"segment_count\":1,"
                            + "\"first_dlsn\":\"1:0:0\",\"last_dlsn\":\"1:0:0\",\"last_txid\":1,\"last_write\":\"[^\"]+Z\","
                            + "\"sealed\":false,\"writer\":\\{\"owner\":\"it-writer:1\",\"since\":\"[^\"]+Z\"}}");

            CliRun show = ok("ops-l", "", "log", "show", "held");
            assertThat(show.out()).contains("sealed     no\n").contains("writer     it-writer:1 since ")
                    .contains("records    1\n");
            String since = show.out().replaceAll("(?s).*writer     it-writer:1 since (\\S+).*", "$1");
            assertThat(Instant.parse(since).toEpochMilli()).isLessThanOrEqualTo(before + 1000);
            assertThat(ok("ops-l", "", "log", "show", "closed").out()).contains("sealed     yes\n")
                    .contains("writer     - (none)\n").containsPattern("bytes      [1-9]");
            CliRun showJson = ok("ops-l", "", "log", "show", "plain", "-o", "json");
            assertThat(showJson.out()).startsWith("{\"namespace\":\"/ops-l\",\"name\":\"plain\",\"records\":2,")
                    .contains("\"segments\":[{\"seq\":1,\"state\":\"completed\",\"ledger\":")
                    .containsPattern("\"first_txid\":1,\"last_txid\":2,\"first_dlsn\":\"1:0:0\","
                            + "\"last_dlsn\":\"1:[1-9][0-9]*:0\""); // group commit: the second in a later entry
        }
    }

    @Test
    void logConfigShouldSetShowAndResetTheRetentionOverride() {
        ok("ops-c", "", "namespace", "create");
        ok("ops-c", "", "log", "create", "c");
        assertThat(ok("ops-c", "", "log", "config", "c").out()).isEqualTo("c\tretention.ms=-1 retention.bytes=-1 "
                + "(keeps everything)\n");
        assertThat(ok("ops-c", "", "log", "config", "c", "--set", "retention.ms=60000").out())
                .isEqualTo("c\tretention.ms=60000 retention.bytes=-1\n");
        assertThat(ok("ops-c", "", "log", "config", "c", "--set", "retention.bytes=1000", "-o", "json").out())
                .isEqualTo("{\"name\":\"c\",\"retention_ms\":60000,\"retention_bytes\":1000}\n");
        assertThat(ok("ops-c", "", "retention", "show", "c").out()).isEqualTo("c\tretention.ms=60000 "
                + "retention.bytes=1000\n");
        CliRun bad = at("ops-c", "", "log", "config", "c", "--set", "retention.ms=-7");
        assertThat(bad.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        ok("ops-c", "", "log", "config", "c", "--reset");
        assertThat(ok("ops-c", "", "retention", "show", "c").out()).contains("retention.ms=-1 retention.bytes=-1");
        assertThat(at("ops-c", "", "log", "config", "missing").exitCode()).isEqualTo(ExitCode.NOT_FOUND);
    }

    @Test
    void tailShouldStartFromEndMinusNAndFromATime() throws Exception {
        ok("ops-t", "", "namespace", "create");
        java.nio.file.Path conf = dir.resolve("small.conf");
        java.nio.file.Files.writeString(conf, "segment.max.bytes=1024\nwriter.batch.max.bytes=0\n"
                + "writer.flush.interval.ms=0\n");
        ok("ops-t", "", "write", "t", "--count", "40", "--size", "200", "--conf", conf.toString());
        CliRun last3 = ok("ops-t", "", "tail", "t", "--from-end", "3", "--timeout", "2s", "--format", "json");
        assertThat(last3.out().split("\n")).hasSize(3);
        assertThat(last3.out()).contains("\"txid\":38,").contains("\"txid\":39,").contains("\"txid\":40,");
        CliRun minus = ok("ops-t", "", "tail", "t", "--from-end", "-2", "--count", "2", "--timeout", "20s");
        assertThat(minus.out()).containsPattern("^\\d+:\\d+:\\d+\\t39\\t39\\.+\\n\\d+:\\d+:\\d+\\t40\\t40\\.+\\n$");
        CliRun all = ok("ops-t", "", "tail", "t", "--from-end", "1000", "--count", "1", "--timeout", "20s");
        assertThat(all.out()).startsWith("1:0:0\t1\t");

        CliRun hourAgo = ok("ops-t", "", "tail", "t", "--from-time", "1h", "--count", "1", "--timeout", "20s");
        assertThat(hourAgo.out()).startsWith("1:0:0\t1\t");
        String future = Instant.now().plusSeconds(3600).toString();
        CliRun later = ok("ops-t", "", "tail", "t", "--from-time", future, "--timeout", "1s");
        assertThat(later.out()).isEmpty();
    }

    @Test
    void auditShouldPrintJson() {
        ok("ops-a", "", "namespace", "create");
        CliRun a = ok("ops-a", "", "audit", "--output", "json");
        assertThat(a.out()).isEqualTo("{\"namespace\":\"" + cluster.namespaceUri("ops-a") + "\",\"logs\":0,"
                + "\"segments\":0,\"ledgers\":0,\"orphans\":[],\"missing_ledgers\":[],\"unfinished_truncations\":[],"
                + "\"problems\":0}\n");
    }
}
