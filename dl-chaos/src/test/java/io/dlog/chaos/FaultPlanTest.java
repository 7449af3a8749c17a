package io.dlog.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FaultPlanTest {

    @Test
    void generateShouldReplayTheSameScheduleWhenSeedIsTheSame() {
        List<Fault> a = FaultPlan.generate(42, 600_000, FaultKind.parse("all"), 5, 3, 3);
        List<Fault> b = FaultPlan.generate(42, 600_000, FaultKind.parse("all"), 5, 3, 3);
        List<Fault> c = FaultPlan.generate(43, 600_000, FaultKind.parse("all"), 5, 3, 3);
        assertThat(a).isNotEmpty().isEqualTo(b).isNotEqualTo(c);
    }

    @Test
    void generateShouldReplayTheSameScheduleWhenKindsComeInAnotherSetOrder() {
        Set<FaultKind> shuffled = new LinkedHashSet<>(List.of(FaultKind.KILL_ZK,
                FaultKind.KILL_BOOKIE, FaultKind.PAUSE_CLIENT));
        assertThat(FaultPlan.generate(9, 120_000, shuffled, 5, 3, 3)).isEqualTo(FaultPlan.generate(9, 120_000,
                EnumSet.of(FaultKind.PAUSE_CLIENT, FaultKind.KILL_BOOKIE, FaultKind.KILL_ZK), 5, 3, 3));
    }

    @Test
    void generateShouldKeepFaultsApartAndWithinDurationWhenRunLong() {
        List<Fault> plan = FaultPlan.generate(7, 600_000, FaultKind.parse("all"), 5, 3, 3);
        for (int i = 1; i < plan.size(); i++) {
            Fault prev = plan.get(i - 1);
            assertThat(plan.get(i).atMillis()).isGreaterThanOrEqualTo(prev.atMillis() + prev.holdMillis() + 2_000);
        }
        assertThat(plan.get(plan.size() - 1).atMillis()).isLessThan(600_000);
        assertThat(plan).filteredOn(f -> f.kind() == FaultKind.WIPE_BOOKIE).hasSizeLessThanOrEqualTo(1);
        assertThat(plan).extracting(Fault::kind).containsAll(EnumSet.allOf(FaultKind.class).stream()
                .filter(k -> k != FaultKind.WIPE_BOOKIE).toList());
    }

    @Test
    void generateShouldPauseClientsLongerThanTheirSessionWhenPausing() {
        List<Fault> plan = FaultPlan.generate(3, 600_000, EnumSet.of(FaultKind.PAUSE_CLIENT), 5, 3, 3);
        assertThat(plan).allSatisfy(f -> assertThat(f.holdMillis()).isGreaterThan(4_000));
        assertThat(plan).extracting(Fault::target).allSatisfy(t -> assertThat(t).isBetween(0, 2));
    }

    @Test
    void parseShouldNameValidFaultsWhenNameIsUnknown() {
        assertThat(FaultKind.parse("kill-bookie,pause-client"))
                .containsExactlyInAnyOrder(FaultKind.KILL_BOOKIE, FaultKind.PAUSE_CLIENT);
        assertThatThrownBy(() -> FaultKind.parse("nuke")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("kill-zk-leader");
    }
}
