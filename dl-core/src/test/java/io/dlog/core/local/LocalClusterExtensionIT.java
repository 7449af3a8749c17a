package io.dlog.core.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dlog.core.testing.ClusterStateDump;
import io.dlog.core.testing.LocalClusterExtension;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LocalClusterExtensionIT {

    @RegisterExtension
    static final LocalClusterExtension CLUSTER =
            LocalClusterExtension.builder().bookies(1).zkSessionTimeout(Duration.ofMillis(1500)).build();

    @Test
    void namespaceUriShouldPointAtTheEmbeddedZooKeeper() {
        String zk = CLUSTER.zkConnectString();
        assertThat(zk).startsWith("127.0.0.1:");
        assertThat(CLUSTER.namespaceUri("orders")).isEqualTo(URI.create("dlog://" + zk + "/orders"));
        assertThat(CLUSTER.namespaceUri("/team/orders")).isEqualTo(URI.create("dlog://" + zk + "/team/orders"));
        assertThat(CLUSTER.namespaceUri("team/orders").getPath()).isEqualTo("/team/orders");
        assertThatThrownBy(() -> CLUSTER.namespaceUri("/")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CLUSTER.namespaceUri("a//b")).isInstanceOf(IllegalArgumentException.class);
        assertThat(CLUSTER.cluster().ledgersRootPath()).isEqualTo("/ledgers");
    }

    @Test
    void serverShouldGrantShortSessionsAndRaiseShorterOnes() throws Exception {
        assertThat(negotiatedSessionTimeout(2000)).isEqualTo(2000);
        assertThat(negotiatedSessionTimeout(200)).isEqualTo(1500);
        assertThat(negotiatedSessionTimeout(300_000)).isEqualTo(60_000);
    }

    @Test
    void fourLetterWordsShouldBeEnabled() throws Exception {
        assertThat(fourLetterWord("ruok")).isEqualTo("imok");
    }

    @Test
    void dumpShouldListBookiesAndZnodes() {
        String dump = ClusterStateDump.describe(CLUSTER.cluster());
        String bookie = CLUSTER.cluster().bookieAddresses().get(0);
        assertThat(dump).contains("bookie 0 " + bookie + " running")
                .contains("/ledgers/available/" + bookie + " ")
                .contains("/ledgers/LAYOUT");
    }

    private int negotiatedSessionTimeout(int requestedMs) throws Exception {
        CountDownLatch connected = new CountDownLatch(1);
        Watcher watcher = e -> {
            if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        };
        ZooKeeper zk = new ZooKeeper(CLUSTER.zkConnectString(), requestedMs, watcher);
        try {
            assertThat(connected.await(10, TimeUnit.SECONDS)).isTrue();
            return zk.getSessionTimeout();
        } finally {
            zk.close();
        }
    }

    private String fourLetterWord(String word) throws Exception {
        String zk = CLUSTER.zkConnectString();
        int port = Integer.parseInt(zk.substring(zk.indexOf(':') + 1));
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(word.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
        }
    }
}
