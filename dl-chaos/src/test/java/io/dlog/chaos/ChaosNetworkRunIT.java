package io.dlog.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A short fixed-seed run on the network tier (T3) in {@code mvn verify}: every node in its own network namespace,
 * 40 s of network faults only (the seed's schedule isolates the ZooKeeper leader, cuts a bookie off from the
 * writers, drops a ZooKeeper member's outgoing packets and cuts a writer off from every bookie), then the history
 * checker ({@link NetnsNetworkIT} checks that closing the network leaves nothing behind). Needs root, {@code ip} and {@code nft}; skipped otherwise.
 */
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class ChaosNetworkRunIT {

    /** A seed whose 40 s schedule holds four network faults of four kinds. */
    private static final long SEED = 20261212L;
    private static final String KINDS = "partition-zk,partition-bookie,isolate-zk-leader,one-way-drop,flap-partition,"
            + "packet-loss,cut-writer-from-bookies";

    @BeforeAll
    static void needsRootIpAndNft() throws IOException, InterruptedException {
        ChaosItSupport.assumeNetworkTier();
    }

    @AfterEach
    void noChildProcessIsLeft() {
        assertThat(ChaosItSupport.childJvmsAlive()).isZero();
    }

    @Test
    void seededRunShouldLoseNothingWhenTheNetworkIsPartitioned() throws Exception {
        Path dir = ChaosItSupport.freshRunDir("netns-seed-" + SEED);
        ChaosOptions options = new ChaosOptions(SEED, Duration.ofSeconds(40), FaultKind.parse(KINDS), 4, 2, 2, 40,
                4000, dir, ChaosOptions.defaultClasspath(), 0, 0, 0,
                NetworkMode.NETNS);
        assertThat(FaultPlan.generate(SEED, 40_000, options.kinds(), options.shape())).extracting(Fault::kind)
                .contains(FaultKind.ISOLATE_ZK_LEADER, FaultKind.PARTITION_BOOKIE, FaultKind.ONE_WAY_DROP,
                        FaultKind.CUT_WRITER_FROM_BOOKIES);

        RunResult result = new ChaosRun(options).run();

        System.out.print(result.report());
        assertThat(result.faults()).hasSizeGreaterThanOrEqualTo(3)
                .anySatisfy(w -> assertThat(w.label()).startsWith("partition bookie-"))
                .anySatisfy(w -> assertThat(w.label()).startsWith("one-way drop"));
        assertThat(HistoryFormat.readAll(dir.resolve("histories")).stream()
                .filter(e -> e.kind() == HistoryEvent.Kind.OK).count()).isGreaterThan(500);
        assertThat(result.verdicts()).hasSize(2).allSatisfy(v -> assertThat(v.violations()).isEmpty());
        assertThat(result.aborted()).isNull();
        assertThat(result.ok()).isTrue();
    }
}
