package io.dlog.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ChaosMainTest {

    @Test
    void parseShouldReadEveryOptionWhenGiven() {
        ChaosOptions o = ChaosMain.parse(new String[] {"--seed", "7", "--duration", "10m", "--nemesis",
            "kill-bookie,kill-zk-leader", "--bookies", "4", "--clients", "2", "--rate", "20", "--dir", "/tmp/x"});
        assertThat(o.seed()).isEqualTo(7);
        assertThat(o.faultDuration()).isEqualTo(Duration.ofMinutes(10));
        assertThat(o.kinds()).containsExactly(FaultKind.KILL_BOOKIE, FaultKind.KILL_ZK_LEADER);
        assertThat(o.bookies()).isEqualTo(4);
        assertThat(o.clients()).isEqualTo(2);
        assertThat(o.ratePerLog()).isEqualTo(20);
    }

    @Test
    void parseShouldFailWhenSeedIsMissingOrOptionUnknown() {
        assertThatThrownBy(() -> ChaosMain.parse(new String[] {"--duration", "1m"}))
                .hasMessageContaining("--seed");
        assertThatThrownBy(() -> ChaosMain.parse(new String[] {"--seed", "1", "--frobnicate", "2"}))
                .hasMessageContaining("unknown option");
    }

    @Test
    void parseShouldReadProxyOptionsAndDefaultToNoProxiesWhenAbsent() {
        ChaosOptions plain = ChaosMain.parse(new String[] {"--seed", "7"});
        assertThat(plain.shape()).isEqualTo(ClusterShape.embedded(5, 3, 3));
        ChaosOptions o = ChaosMain.parse(new String[] {"--seed", "7", "--clients", "1", "--remote-clients", "2",
            "--write-proxies", "2", "--read-proxies", "3"});
        assertThat(o.shape()).isEqualTo(new ClusterShape(5, 3, 1, 3, 2, 3));
        assertThat(ChaosMain.parse(new String[] {"--seed", "7", "--clients", "0", "--remote-clients", "1",
            "--write-proxies", "1", "--read-proxies", "1"}).shape().embeddedClients()).isZero();
    }

    @Test
    void parseShouldSelectNetnsWhenNetworkIsGivenAndLoopbackOtherwise() {
        assertThat(ChaosMain.parse(new String[] {"--seed", "7"}).network()).isEqualTo(NetworkMode.LOOPBACK);
        ChaosOptions o = ChaosMain.parse(new String[] {"--seed", "7", "--network", "netns"});
        assertThat(o.network()).isEqualTo(NetworkMode.NETNS);
        assertThat(o.shape().network()).isTrue();
        assertThatThrownBy(() -> ChaosMain.parse(new String[] {"--seed", "7", "--network", "docker"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("loopback or netns");
    }

    @Test
    void parseShouldFailWhenRemoteClientsHaveNoProxies() {
        assertThatThrownBy(() -> ChaosMain.parse(new String[] {"--seed", "1", "--remote-clients", "1",
            "--write-proxies", "1"})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--read-proxies");
        assertThatThrownBy(() -> ChaosMain.parse(new String[] {"--seed", "1", "--clients", "0"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 client");
    }

    @Test
    void durationShouldAcceptUnitsWhenParsing() {
        assertThat(ChaosMain.duration("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(ChaosMain.duration("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(ChaosMain.duration("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(ChaosMain.duration("45")).isEqualTo(Duration.ofSeconds(45));
        assertThatThrownBy(() -> ChaosMain.duration("soon")).hasMessageContaining("bad duration");
    }
}
