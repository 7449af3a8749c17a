package io.dlog.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A short fixed-seed run of the whole harness in {@code mvn verify}: a 3-node ZooKeeper ensemble, 4 bookies and 2
 * client JVMs as child processes, 45 s of faults of every kind, then the history checker (RELIABILITY.md R-26 in
 * miniature). Long runs use {@code bin/dlog-chaos}; docs/reliability.md.
 */
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class ChaosRunIT {

    /** A seed whose 45 s schedule covers client, bookie and ZooKeeper faults. */
    private static final long SEED = 20261127L;

    @AfterEach
    void noChildProcessIsLeft() {
        // The run kills its processes itself, on success and on failure; a straggler here is a harness bug.
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().orElse("").contains(ChildMain.class.getName())).count())
                .isZero();
    }

    @Test
    void seededRunShouldLoseNothingWhenNodesAreKilledPausedAndWiped() throws Exception {
        Path dir = Path.of(System.getProperty("dlog.chaos.outDir", "target/chaos-it"), "seed-" + SEED);
        deleteRecursively(dir);   // a run needs a new directory; keep only this build's run for inspection
        ChaosOptions options = new ChaosOptions(SEED, Duration.ofSeconds(45), FaultKind.parse("all"), 4, 2, 2, 40,
                4000, Files.createDirectories(dir).toAbsolutePath(), ChaosOptions.defaultClasspath(), 0, 0, 0,
                NetworkMode.LOOPBACK);

        RunResult result = new ChaosRun(options).run();

        System.out.print(result.report());
        assertThat(result.faults()).hasSizeGreaterThanOrEqualTo(3);
        assertThat(result.acked()).isGreaterThan(500);
        assertThat(result.verdicts()).hasSize(2)
                .allSatisfy(v -> assertThat(v.counts().finalRecords()).isGreaterThanOrEqualTo(v.counts().acked()));
        assertThat(result.verdicts()).allSatisfy(v -> assertThat(v.violations()).isEmpty());
        assertThat(result.aborted()).isNull();
        assertThat(result.ok()).isTrue();
        assertThat(dir.resolve("report.svg")).exists();
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
