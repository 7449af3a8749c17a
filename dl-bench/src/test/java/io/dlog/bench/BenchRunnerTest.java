package io.dlog.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Which workloads get a round that is run but not measured. */
class BenchRunnerTest {

    @Test
    void aCatchUpReadShouldGetOneUnmeasuredRoundWhenSeveralRoundsDecide() {
        Workload catchUp = Workload.catchUp(1024, 1_000);

        assertThat(BenchRunner.unmeasuredRounds(catchUp, 5)).isEqualTo(1);
        assertThat(BenchRunner.unmeasuredRounds(catchUp, 1)).as("a quick run stays as short as it was").isZero();
    }

    @Test
    void writesAndTailReadsShouldGetNoUnmeasuredRoundBecauseTheyHaveAWarmUpWindow() {
        Duration s = Duration.ofSeconds(1);

        assertThat(BenchRunner.unmeasuredRounds(Workload.write(1, 1024, 0, s, s), 5)).isZero();
        assertThat(BenchRunner.unmeasuredRounds(Workload.tail(1024, 1000, s, s), 5)).isZero();
    }
}
