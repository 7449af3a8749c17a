package io.dlog.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user's path, as processes through {@code bin/dlog}: standalone, write, tail, metrics, restart, a command
 * against an unreachable ZooKeeper, and the binary tarball against the running standalone.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class StandaloneIT {
    private static final Path HOME = Path.of(System.getProperty("dlog.home", "..")).toAbsolutePath().normalize();
    private static final Path DLOG = HOME.resolve("bin/dlog");

    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void killLeftovers() throws Exception {
        for (Process p : started) {
            if (p.isAlive()) {
                p.destroy();
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
    }

    @Test
    void standaloneShouldServeWriteTailMetricsAndKeepDataAcrossRestart() throws Exception {
        Standalone first = startStandalone();
        assertSecondStandaloneIsRefusedWithoutTouchingTheDataDir();
        Result w = run(dir, "hello\n", DLOG.toString(), "write", "demo");
        assertThat(w.code()).as(w.err()).isZero();
        assertThat(w.out()).contains("wrote 1 records");
        assertTailPrintsHello();
        Result viaProxy = run(dir, "", DLOG.toString(), "tail", "demo", "--proxy", first.readProxy(), "--from-start",
                "--count", "1", "--timeout", "30s");
        assertThat(viaProxy.code()).as(viaProxy.err()).isZero();
        assertThat(viaProxy.out()).isEqualTo("1:0:0\t1\thello\n");
        assertMetricsAndHealth(first.admin());

        Result unreachable = run(dir, "", DLOG.toString(), "--uri", "dlog://127.0.0.1:1/x", "log", "list");
        assertThat(unreachable.code()).isEqualTo(ExitCode.UNAVAILABLE);
        assertThat(unreachable.err().split("\n")).hasSize(1);
        assertThat(unreachable.err()).startsWith("dlog: ").contains("(ZOOKEEPER_ERROR)");
        assertThat(unreachable.millis()).isLessThan(20_000);

        first.process().destroy();   // SIGTERM: the shutdown hook stops everything
        assertThat(first.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
        // The pump thread may still be draining the last lines of the exited process.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(Files.readString(first.stderr(), StandardCharsets.UTF_8)).as("exit %d, log file:%n%s",
                        first.process().exitValue(), logFile()).contains("retention enabled")
                        .contains("standalone stopping")
                        .contains("standalone stopped"));
        // BookKeeper's shutdown race (RejectedExecutionException from the SyncThread executor) is not shown.
        assertThat(Files.readString(first.stderr(), StandardCharsets.UTF_8)).doesNotContain("RejectedExecution")
                .doesNotContain("\tat ");

        Standalone second = startStandalone();
        assertTailPrintsHello();
        assertTarballWorks(second.namespace());
    }

    /** A second standalone on a live data directory fails before it writes anything there. */
    private void assertSecondStandaloneIsRefusedWithoutTouchingTheDataDir() throws Exception {
        Path props = dir.resolve("data/cluster.properties");
        String before = Files.readString(props, StandardCharsets.UTF_8);
        Result second = run(dir, "", DLOG.toString(), "standalone", "--zk-port", "0", "--admin-port", "0",
                "--no-fsync");
        assertThat(second.code()).as(second.err()).isEqualTo(ExitCode.REFUSED);
        assertThat(second.err()).contains("dlog: data directory " + dir.resolve("data") + " is in use by another "
                + "dlog standalone (pid ").endsWith("(LOCKING_EXCEPTION)\n");
        assertThat(Files.readString(props, StandardCharsets.UTF_8)).isEqualTo(before);
    }

    private String logFile() throws IOException {
        Path f = dir.resolve("logs/dlog-standalone.log");
        return Files.exists(f) ? Files.readString(f, StandardCharsets.UTF_8) : "(none)";
    }

    private void assertTailPrintsHello() throws Exception {
        Result t = run(dir, "", DLOG.toString(), "tail", "demo", "--from-start", "--count", "1", "--timeout", "30s");
        assertThat(t.code()).as(t.err()).isZero();
        assertThat(t.out()).isEqualTo("1:0:0\t1\thello\n");
    }

    private static void assertMetricsAndHealth(String admin) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            HttpResponse<String> m = http.send(HttpRequest.newBuilder(URI.create(admin + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(m.statusCode()).isEqualTo(200);
            assertThat(m.body()).contains("dlog_writer_write_latency_count").contains("dlog_writer_records_total")
                    .contains("dlog_standalone_records 1.0").contains("dlog_standalone_logs 1.0")
                    .contains("dlog_standalone_bookies_running 3.0").contains("jvm_memory_bytes_used")
                    .contains("dlog_retention_passes").contains("dlog_retention_segments_deleted");
        });
        HttpResponse<String> h;
        try {
            h = http.send(HttpRequest.newBuilder(URI.create(admin + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
        assertThat(h.statusCode()).isEqualTo(200);
        assertThat(h.body()).contains("\"status\":\"UP\"");
    }

    private void assertTarballWorks(String namespace) throws Exception {
        Path tarball = Path.of(System.getProperty("dlog.tarball", "missing"));
        assertThat(tarball).exists();
        Path dist = Files.createDirectories(dir.resolve("dist"));
        assertThat(run(dist, "", "tar", "xzf", tarball.toString()).code()).isZero();
        Path bin;
        try (var s = Files.list(dist)) {
            bin = s.findFirst().orElseThrow().resolve("bin/dlog");
        }
        assertThat(Files.isExecutable(bin)).isTrue();
        Result list = run(dist, "", bin.toString(), "--uri", namespace, "log", "list", "--names-only");
        assertThat(list.code()).as(list.err()).isZero();
        assertThat(list.out()).isEqualTo("demo\n");
    }

    private Standalone startStandalone() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(DLOG.toString(), "standalone", "--zk-port", "0", "--admin-port", "0",
                "--write-proxy-port", "0", "--read-proxy-port", "0", "--no-fsync").directory(dir.toFile());
        environment(pb);
        // stderr to a file: a pipe's tail can be lost when the JDK drains it at process exit.
        Path stderr = Files.createTempFile(dir, "standalone-", ".err");
        pb.redirectError(stderr.toFile());
        Process p = pb.start();
        started.add(p);
        p.getOutputStream().close();
        Map<String, String> endpoints = new ConcurrentHashMap<>();
        CompletableFuture<Void> ready = new CompletableFuture<>();
        pump(p.getInputStream(), line -> {
            String[] parts = line.replace("dlog standalone: ", "").trim().split("\\s+", 2);
            if (parts.length == 2) {
                endpoints.put(parts[0], parts[1]);
            }
            if (line.contains(" ready ")) {
                ready.complete(null);
            }
        });
        ready.get(150, TimeUnit.SECONDS);
        assertThat(endpoints.get("write")).as("the write proxy line").startsWith("proxy 127.0.0.1:");
        assertThat(endpoints.get("read")).as("the read proxy line").startsWith("proxy 127.0.0.1:");
        String metrics = endpoints.get("metrics");
        String admin = metrics.substring(0, metrics.length() - "/metrics".length());
        String readProxy = endpoints.get("read").split("\\s+")[1];
        return new Standalone(p, endpoints.get("namespace"), admin, stderr, readProxy);
    }

    private record Standalone(Process process, String namespace, String admin, Path stderr, String readProxy) {
    }

    private interface LineSink {
        void accept(String line);
    }

    private static void pump(java.io.InputStream in, LineSink sink) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    sink.accept(line);
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "standalone-it-pump");
        t.setDaemon(true);
        t.start();
    }

    private void environment(ProcessBuilder pb) {
        pb.environment().remove(DlogCli.URI_ENV);
        pb.environment().remove(DlogCli.CONF_ENV);
        pb.environment().put("DLOG_LOG_DIR", dir.resolve("logs").toString());
    }

    private record Result(int code, String out, String err, long millis) {
    }

    private Result run(Path workDir, String stdin, String... cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile());
        environment(pb);
        long start = System.nanoTime();
        Process p = pb.start();
        started.add(p);
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("%s finished", String.join(" ", cmd)).isTrue();
        return new Result(p.exitValue(), out.get(10, TimeUnit.SECONDS), err.get(10, TimeUnit.SECONDS),
                (System.nanoTime() - start) / 1_000_000);
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
