package io.dlog.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NetworkFaultPlanTest {

    private static final Set<FaultKind> NETWORK_KINDS = EnumSet.of(FaultKind.PARTITION_ZK, FaultKind.PARTITION_BOOKIE,
            FaultKind.ISOLATE_PROXY, FaultKind.ISOLATE_ZK_LEADER, FaultKind.ONE_WAY_DROP, FaultKind.FLAP_PARTITION,
            FaultKind.PACKET_LOSS, FaultKind.CUT_WRITER_FROM_BOOKIES);
    /** 4 bookies, 3 clients of which 1 embedded, 3 ZooKeeper members, 2 write and 2 read proxies. */
    private static final ClusterShape LOOPBACK = new ClusterShape(4, 3, 1, 3, 2, 2);
    private static final ClusterShape NETNS = new ClusterShape(4, 3, 1, 3, 2, 2, true);

    @Test
    void generateShouldReplayTheSameNetworkFaultsWhenSeedIsTheSame() {
        List<Fault> a = FaultPlan.generate(301, 600_000, FaultKind.parse("all"), NETNS);
        List<Fault> b = FaultPlan.generate(301, 600_000, FaultKind.parse("all"), NETNS);
        assertThat(a).isEqualTo(b).isNotEqualTo(FaultPlan.generate(302, 600_000, FaultKind.parse("all"), NETNS));
        assertThat(a).extracting(Fault::kind).containsAll(NETWORK_KINDS);
    }

    @Test
    void generateShouldScheduleNoNetworkFaultWhenNetworkIsLoopback() {
        assertThat(FaultPlan.generate(301, 600_000, FaultKind.parse("all"), LOOPBACK))
                .noneMatch(f -> f.kind().target() == FaultKind.Target.NETWORK);
        assertThat(FaultPlan.generate(301, 600_000, NETWORK_KINDS, LOOPBACK)).isEmpty();
    }

    @Test
    void generateShouldKeepLoopbackSchedulesWhenNetworkKindsExist() {
        // Seeds recorded before T3 replay unchanged: the network kinds are dropped before the first draw.
        Set<FaultKind> before = EnumSet.complementOf(EnumSet.copyOf(NETWORK_KINDS));
        assertThat(FaultPlan.generate(7, 600_000, FaultKind.parse("all"), LOOPBACK))
                .isEqualTo(FaultPlan.generate(7, 600_000, before, LOOPBACK));
    }

    @Test
    void generateShouldTargetTheRightNodesWhenFaultIsOnTheNetwork() {
        List<Fault> plan = FaultPlan.generate(11, 3_600_000, NETWORK_KINDS, NETNS);
        assertThat(plan).filteredOn(f -> f.kind() == FaultKind.PARTITION_BOOKIE)
                .isNotEmpty().allSatisfy(f -> assertThat(f.node()).startsWith("bookie-"));
        assertThat(plan).filteredOn(f -> f.kind() == FaultKind.ISOLATE_PROXY)
                .isNotEmpty().allSatisfy(f -> assertThat(f.node()).matches("(write|read)-proxy-[01]"));
        assertThat(plan).filteredOn(f -> f.kind() == FaultKind.PARTITION_ZK)
                .isNotEmpty().allSatisfy(f -> assertThat(f.node()).doesNotStartWith("zk-")
                        .isNotIn("client-1", "client-2"));   // remote clients have no ZooKeeper session
        assertThat(plan).filteredOn(f -> f.kind() == FaultKind.CUT_WRITER_FROM_BOOKIES).isNotEmpty()
                .allSatisfy(f -> assertThat(f.node()).isIn("write-proxy-0", "write-proxy-1", "client-0"));
        assertThat(plan).filteredOn(f -> f.kind() == FaultKind.PACKET_LOSS).isNotEmpty()
                .allSatisfy(f -> assertThat(NetworkNemesis.lossPercent(f)).isBetween(5, 20));
        assertThat(plan).filteredOn(f -> f.kind() == FaultKind.FLAP_PARTITION).isNotEmpty()
                .allSatisfy(f -> assertThat(f.holdMillis() / NetworkNemesis.flapMillis(f)).isGreaterThanOrEqualTo(4));
    }

    @Test
    void nodeKeysShouldListEveryNodeOnceWhenShapeHasProxiesAndClients() {
        assertThat(NETNS.nodeKeys()).containsExactly("zk-0", "zk-1", "zk-2", "bookie-0", "bookie-1", "bookie-2",
                "bookie-3", "write-proxy-0", "write-proxy-1", "read-proxy-0", "read-proxy-1", "client-0", "client-1",
                "client-2");
        assertThat(NETNS.writerKeys()).containsExactly("client-0", "client-1", "client-2", "write-proxy-0",
                "write-proxy-1", "read-proxy-0", "read-proxy-1");
    }
}
