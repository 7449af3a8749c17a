package io.dlog.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dlog.core.local.LocalCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/dlog} as a child process against a {@link LocalCluster}, for what only a real process shows: a real
 * SIGINT, and the log lines of the command's own log configuration.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class CliProcessIT {
    private static final Path HOME = Path.of(System.getProperty("dlog.home", "..")).toAbsolutePath().normalize();
    private static final Path DLOG = HOME.resolve("bin/dlog");
    private static LocalCluster cluster;
    private static String uri;

    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = LocalCluster.builder().bookies(3).fsync(false).start();
        uri = cluster.namespaceUri("proc").toString();
        assertThat(CliRun.run(Path.of("."), "namespace", "create", "--uri", uri).exitCode()).isZero();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @AfterEach
    void killLeftovers() throws Exception {
        for (Process p : started) {
            if (p.isAlive()) {
                p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * Starts bin/dlog with SIGINT at its default disposition: a process started in the background by a
     * non-interactive shell (as a build may be) inherits SIGINT ignored, and the JVM then never sees Ctrl-C.
     */
    private Process start(Path out, Path err, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("perl", "-e", "$SIG{INT}='DEFAULT'; exec @ARGV or die $!",
                DLOG.toString()));
        cmd.addAll(List.of(args));
        cmd.add("--uri");
        cmd.add(uri);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile());
        pb.environment().remove(DlogCli.URI_ENV);
        pb.environment().remove(DlogCli.CONF_ENV);
        Process p = pb.start();
        started.add(p);
        p.getOutputStream().close();
        return p;
    }

    private static String read(Path p) throws Exception {
        return Files.readString(p, StandardCharsets.UTF_8);
    }

    @Test
    void ctrlCOnWriteShouldCloseTheWriterPrintTheAcknowledgedSummaryAndExit130() throws Exception {
        Path out = dir.resolve("out");
        Path err = dir.resolve("err");
        Process p = start(out, err, "write", "ctrlc", "--count", "5000000", "--size", "100");
        await().atMost(Duration.ofSeconds(120)).until(() -> read(err).contains("acknowledged") || !p.isAlive());
        assertThat(p.isAlive()).as(read(err)).isTrue();
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("write ended after SIGINT").isTrue();

        String stderr = read(err);
        assertThat(p.exitValue()).as(stderr).isEqualTo(ExitCode.INTERRUPTED);
        String[] errLines = stderr.split("\n");
        assertThat(errLines[errLines.length - 1]).isEqualTo("dlog: interrupted (INTERRUPTED)");
        Matcher m = Pattern.compile("^wrote (\\d+) records, .*; last DLSN \\S+ txid (\\d+) \\(log ctrlc\\)\n$")
                .matcher(read(out));
        assertThat(m.find()).as(read(out)).isTrue();
        long acked = Long.parseLong(m.group(1));
        assertThat(acked).isPositive().isLessThan(5_000_000L);
        assertThat(Long.parseLong(m.group(2))).isEqualTo(acked);

        // Exactly what was acknowledged is in the log, and the writer closed its segment.
        CliRun show = CliRun.run(dir, "log", "show", "ctrlc", "--uri", uri);
        assertThat(show.out()).contains("records    " + acked + "\n").contains("writer     - (none)")
                .doesNotContain("inprogress");
        // Its pre-allocated ledger was released: the audit is clean (deletion is asynchronous).
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            CliRun audit = CliRun.run(dir, "audit", "--uri", uri);
            assertThat(audit.exitCode()).as(audit.out()).isZero();
        });
    }

    @Test
    void logDeleteShouldPrintNothingButItsResult() throws Exception {
        assertThat(CliRun.runWithInput(dir, "a\n", "write", "gone", "--uri", uri).exitCode()).isZero();
        Path out = dir.resolve("out");
        Path err = dir.resolve("err");
        Process p = start(out, err, "log", "delete", "gone", "--force");
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(read(err)).isZero();
        assertThat(read(out)).isEqualTo("deleted gone\n");
        assertThat(read(err)).isEmpty();
    }
}
