package io.dlog.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@code compare --smoke}: every adapter and every workload kind, for a moment each, on one cluster. */
class SmokeBenchTest {

    @Test
    void smokeRunExercisesEveryAdapterAndWritesTheReport(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("bench.json");
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int rc;
        try (PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
            rc = BenchMain.run(BenchOptions.parse(new String[] {"compare", "--smoke", "--fsync", "false",
                "--out", json.toString()}), out);
        }
        String printed = buf.toString(StandardCharsets.UTF_8);
        System.out.println(printed);
        assertThat(rc).as(printed).isZero();
        assertThat(printed).contains("== write: 1 log x 1 KiB, max rate ==", "== catch-up read", "== tail latency")
                .doesNotContain("failed:");
        for (String system : new String[] {"dl-4.17.3", "dlog", "bk-batched", "bk-entry"}) {
            assertThat(printed).containsPattern("(?m)^" + system.replace(".", "\\.") + " +[0-9,]+ ");
        }
        String report = Files.readString(json);
        assertThat(report).contains("\"mode\": \"smoke\"", "\"workloads\"", "\"targets\"", "\"system\": \"dlog\"")
                .contains("\"cluster\": \"child-jvm pid=").containsPattern("\"cpuMicrosPerRecord\": [0-9]");
        String html = Files.readString(dir.resolve("bench.html"));
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<svg", "throughput per round",
                "latency percentile distribution", "client CPU per record");
        assertThat(ProcessHandle.current().children().filter(p -> p.info().commandLine().orElse("")
                .contains(ClusterProcessMain.class.getName())).toList())
                .as("the cluster JVM is stopped at the end of the run").isEmpty();
    }

    @Test
    void inMemoryStorageShouldRunOnTheTmpfsAndLeaveNothingThere(@TempDir Path dir) throws Exception {
        Path shm = Path.of("/dev/shm");
        List<Path> before = listBenchDirs(shm);
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int rc;
        try (PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
            rc = BenchMain.run(BenchOptions.parse(new String[] {"compare", "--smoke", "--storage", "memory",
                "--systems", "dlog", "--only", "write-1x1024-max", "--cluster", "jvm", "--out",
                dir.resolve("b.json").toString()}), out);
        }
        String printed = buf.toString(StandardCharsets.UTF_8);
        assertThat(rc).as(printed).isZero();
        assertThat(printed).contains("bookieStorage=memory").containsPattern("(?m)^dlog +[0-9,]+ ");
        assertThat(Files.readString(dir.resolve("b.json"))).contains("\"cluster\": \"in-jvm\"");
        assertThat(listBenchDirs(shm)).as("the run deletes its tmpfs directory").isEqualTo(before);
    }

    private static List<Path> listBenchDirs(Path shm) throws IOException {
        try (Stream<Path> s = Files.list(shm)) {
            return s.filter(p -> p.getFileName().toString().startsWith("dl-bench-")).sorted().toList();
        }
    }
}
