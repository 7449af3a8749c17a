package io.dlog.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class NetnsLayoutTest {

    private static final List<String> NODES = List.of("zk-0", "bookie-0", "write-proxy-0", "client-0");

    @Test
    void layoutShouldGiveEachNodeItsOwnNamespaceAndAddressWhenBuilt() {
        NetnsLayout l = new NetnsLayout(7, NODES);
        assertThat(l.namespace("write-proxy-0")).isEqualTo("dlc7-write-proxy-0");
        assertThat(l.address("zk-0")).isEqualTo("10.213.7.10");
        assertThat(l.address("client-0")).isEqualTo("10.213.7.13");
        assertThat(l.hostAddress()).isEqualTo("10.213.7.1");
        assertThat(l.setup()).contains(List.of("ip", "link", "add", "dlc7br", "type", "bridge"),
                List.of("ip", "link", "add", "dlc7v2", "type", "veth", "peer", "name", "eth0", "netns",
                        "dlc7-write-proxy-0"),
                List.of("ip", "-n", "dlc7-bookie-0", "addr", "add", "10.213.7.11/24", "dev", "eth0"),
                List.of("ip", "-n", "dlc7-client-0", "link", "set", "lo", "up"));
    }

    @Test
    void layoutShouldKeepInterfaceNamesShortWhenSlotAndNodeCountAreLargest() {
        List<String> many = java.util.stream.IntStream.range(0, 200).mapToObj(i -> "client-" + i).toList();
        NetnsLayout l = new NetnsLayout(NetnsLayout.SLOTS - 1, many);
        assertThat(l.setup()).filteredOn(c -> c.get(1).equals("link") && c.get(2).equals("add"))
                .allSatisfy(c -> assertThat(c.get(3).length()).isLessThanOrEqualTo(15));
    }

    @Test
    void teardownShouldRemoveEveryNamespaceVethAndTheBridgeWhenRunEnds() {
        NetnsLayout l = new NetnsLayout(3, NODES);
        assertThat(l.teardown()).hasSize(2 * NODES.size() + 1)
                .contains(List.of("ip", "netns", "del", "dlc3-zk-0"), List.of("ip", "link", "del", "dlc3v3"),
                        List.of("ip", "link", "del", "dlc3br"));
    }

    @Test
    void ownsShouldMatchOnlyItsOwnSlotWhenCleaningLeftovers() {
        NetnsLayout l = new NetnsLayout(1, NODES);
        assertThat(l.owns("dlc1-bookie-0")).isTrue();
        assertThat(l.owns("dlc1br")).isTrue();
        assertThat(l.owns("dlc1v12")).isTrue();
        assertThat(l.owns("dlc12-bookie-0")).isFalse();
        assertThat(l.owns("dlc12br")).isFalse();
        assertThat(l.owns("dlc12v1")).isFalse();
        assertThat(l.owns("eth0")).isFalse();
    }

    @Test
    void layoutShouldRefuseWhenSlotIsOutOfRangeOrNodesRepeat() {
        assertThatThrownBy(() -> new NetnsLayout(NetnsLayout.SLOTS, NODES))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NetnsLayout(0, List.of("a", "a"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NetnsLayout(0, NODES).address("nope"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
