package io.dlog.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A short fixed-seed run with the proxies in {@code mvn verify}: a 3-node ZooKeeper ensemble, 4 bookies, 2 write
 * proxies, 2 read proxies and 2 remote clients (DLClient writing through the write proxies, StreamReader tailing
 * through the read proxies) as child processes, 45 s of proxy kills, pauses past the session and drains (rolling
 * restarts), then the history checker (RELIABILITY.md in miniature). The embedded clients' faults
 * are {@link ChaosRunIT}'s; mixed runs are {@code bin/dlog-chaos --remote-clients N}; docs/reliability.md.
 */
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class ChaosProxyRunIT {

    /** A seed whose 45 s schedule kills, pauses and drains both write and read proxies. */
    private static final long SEED = 20261134L;
    private static final String KINDS = "kill-proxy,pause-proxy,drain-proxy,kill-client,pause-client,kill-bookie";

    @AfterEach
    void noChildProcessIsLeft() {
        assertThat(ChaosItSupport.childJvmsAlive()).isZero();
    }

    @Test
    void seededRunShouldLoseNothingWhenProxiesAreKilledPausedAndDrained() throws Exception {
        Path dir = ChaosItSupport.freshRunDir("proxies-seed-" + SEED);
        ChaosOptions options = new ChaosOptions(SEED, Duration.ofSeconds(45), FaultKind.parse(KINDS), 4, 0, 2, 40,
                4000, dir, ChaosOptions.defaultClasspath(), 2, 2, 2,
                NetworkMode.LOOPBACK);
        assertThat(FaultPlan.generate(SEED, 45_000, options.kinds(), options.shape())).extracting(Fault::kind)
                .contains(FaultKind.KILL_PROXY, FaultKind.PAUSE_PROXY, FaultKind.DRAIN_PROXY);

        RunResult result = new ChaosRun(options).run();

        System.out.print(result.report());
        assertThat(result.faults()).hasSizeGreaterThanOrEqualTo(3)
                .anySatisfy(w -> assertThat(w.label()).contains("write-proxy"))
                .anySatisfy(w -> assertThat(w.label()).contains("read-proxy"));
        List<HistoryEvent> events = HistoryFormat.readAll(dir.resolve("histories"));
        assertThat(events.stream().filter(e -> e.kind() == HistoryEvent.Kind.OK)
                .filter(e -> e.actor().equals(HistoryEvent.REMOTE_OWNER)).count()).isGreaterThan(1_000);
        assertThat(events.stream().filter(e -> e.kind() == HistoryEvent.Kind.READ).count()).isGreaterThan(1_000);
        assertThat(result.verdicts()).hasSize(2)
                .allSatisfy(v -> assertThat(v.counts().finalRecords()).isGreaterThanOrEqualTo(v.counts().acked()));
        assertThat(result.verdicts()).allSatisfy(v -> assertThat(v.violations()).isEmpty());
        assertThat(result.aborted()).isNull();
        assertThat(result.ok()).isTrue();
    }
}
