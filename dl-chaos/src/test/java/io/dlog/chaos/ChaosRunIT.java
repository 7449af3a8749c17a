package io.dlog.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
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
        assertThat(ChaosItSupport.childJvmsAlive()).isZero();
    }

    @Test
    void seededRunShouldLoseNothingWhenNodesAreKilledPausedAndWiped() throws Exception {
        Path dir = ChaosItSupport.freshRunDir("seed-" + SEED);
        ChaosOptions options = new ChaosOptions(SEED, Duration.ofSeconds(45), FaultKind.parse("all"), 4, 2, 2, 40,
                4000, dir, ChaosOptions.defaultClasspath(), 0, 0, 0,
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
}
