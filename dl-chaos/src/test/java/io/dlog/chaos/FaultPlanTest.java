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
        List<Fault> plan = FaultPlan.generate(7, 600_000, FaultKind.parse("all"), WITH_PROXIES);
        for (int i = 1; i < plan.size(); i++) {
            Fault prev = plan.get(i - 1);
            assertThat(plan.get(i).atMillis()).isGreaterThanOrEqualTo(prev.atMillis() + prev.holdMillis() + 2_000);
        }
        assertThat(plan.get(plan.size() - 1).atMillis()).isLessThan(600_000);
        assertThat(plan).filteredOn(f -> f.kind() == FaultKind.WIPE_BOOKIE).hasSizeLessThanOrEqualTo(1);
        assertThat(plan).extracting(Fault::kind).containsAll(EnumSet.allOf(FaultKind.class).stream()
                .filter(k -> k != FaultKind.WIPE_BOOKIE && k.target() != FaultKind.Target.NETWORK).toList());
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

    private static final Set<FaultKind> PROXY_KINDS = EnumSet.of(FaultKind.KILL_PROXY, FaultKind.PAUSE_PROXY,
            FaultKind.DRAIN_PROXY);
    /** 5 bookies, 3 clients of which 2 embedded, 3 ZooKeeper members, 2 write and 2 read proxies. */
    private static final ClusterShape WITH_PROXIES = new ClusterShape(5, 3, 2, 3, 2, 2);

    @Test
    void generateShouldKeepTheEmbeddedScheduleWhenClusterHasNoProxies() {
        // Old seeds replay as before: proxy faults are dropped before the first draw when there is no proxy.
        Set<FaultKind> withoutProxyKinds = EnumSet.complementOf(EnumSet.copyOf(PROXY_KINDS));
        List<Fault> plan = FaultPlan.generate(102, 600_000, FaultKind.parse("all"), 5, 3, 3);
        assertThat(plan).isEqualTo(FaultPlan.generate(102, 600_000, withoutProxyKinds, 5, 3, 3))
                .extracting(Fault::kind).doesNotContainAnyElementsOf(PROXY_KINDS);
    }

    @Test
    void generateShouldReplayTheSameProxyFaultsWhenSeedIsTheSame() {
        List<Fault> a = FaultPlan.generate(11, 600_000, FaultKind.parse("all"), WITH_PROXIES);
        List<Fault> b = FaultPlan.generate(11, 600_000, FaultKind.parse("all"), WITH_PROXIES);
        assertThat(a).isEqualTo(b).isNotEqualTo(FaultPlan.generate(12, 600_000, FaultKind.parse("all"),
                WITH_PROXIES));
        assertThat(a).extracting(Fault::kind).containsAll(PROXY_KINDS);
        assertThat(a).filteredOn(f -> PROXY_KINDS.contains(f.kind())).allSatisfy(f -> {
            assertThat(f.target()).isBetween(0, 3);
            assertThat(f.node()).isEqualTo(f.target() < 2 ? "write-proxy-" + f.target()
                    : "read-proxy-" + (f.target() - 2));
        });
    }

    @Test
    void generateShouldExpireOnlyEmbeddedClientsWhenSomeClientsAreRemote() {
        List<Fault> plan = FaultPlan.generate(5, 600_000, EnumSet.of(FaultKind.EXPIRE_SESSION,
                FaultKind.KILL_CLIENT), WITH_PROXIES);
        assertThat(plan).filteredOn(f -> f.kind() == FaultKind.EXPIRE_SESSION).isNotEmpty()
                .allSatisfy(f -> assertThat(f.target()).isBetween(0, 1));
        assertThat(plan).filteredOn(f -> f.kind() == FaultKind.KILL_CLIENT).extracting(Fault::target).contains(2);
        assertThat(FaultPlan.generate(5, 600_000, EnumSet.of(FaultKind.EXPIRE_SESSION),
                new ClusterShape(5, 2, 0, 3, 1, 1))).isEmpty();
    }

    @Test
    void generateShouldPauseProxiesLongerThanTheirSessionWhenPausing() {
        List<Fault> plan = FaultPlan.generate(3, 300_000, EnumSet.of(FaultKind.PAUSE_PROXY), WITH_PROXIES);
        assertThat(plan).isNotEmpty().allSatisfy(f -> assertThat(f.holdMillis()).isGreaterThan(4_000));
    }
}
