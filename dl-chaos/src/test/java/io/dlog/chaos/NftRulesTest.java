package io.dlog.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class NftRulesTest {

    @Test
    void partitionShouldDropBothDirectionsWhenPeersAreGiven() {
        String s = NftRules.partition(List.of("10.213.0.10", "10.213.0.11"));
        assertThat(s).startsWith("table inet dlogchaos\ndelete table inet dlogchaos\n")
                .contains("chain input {\n    type filter hook input priority 0; policy accept;\n"
                        + "    ip saddr { 10.213.0.10, 10.213.0.11 } drop\n  }")
                .contains("chain output {\n    type filter hook output priority 0; policy accept;\n"
                        + "    ip daddr { 10.213.0.10, 10.213.0.11 } drop\n  }");
    }

    @Test
    void dropOutgoingShouldLeaveInputOpenWhenOneWay() {
        String s = NftRules.dropOutgoing(List.of("10.213.0.12"));
        assertThat(s).contains("ip daddr { 10.213.0.12 } drop").doesNotContain("saddr");
        assertThat(s.substring(s.indexOf("chain input"), s.indexOf("chain output"))).doesNotContain("drop");
    }

    @Test
    void lossShouldDrawEachPacketOnThePortWhenPercentIsValid() {
        String s = NftRules.loss(3181, 12);
        assertThat(s).contains("tcp dport 3181 numgen random mod 100 < 12 drop")
                .contains("tcp sport 3181 numgen random mod 100 < 12 drop");
        assertThatThrownBy(() -> NftRules.loss(3181, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NftRules.loss(0, 10)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void partitionShouldRefuseWhenThereAreNoPeers() {
        assertThatThrownBy(() -> NftRules.partition(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void healShouldDeleteOnlyTheHarnessTableWhenRun() {
        assertThat(NftRules.heal()).isEqualTo("table inet dlogchaos\ndelete table inet dlogchaos\n");
    }
}
