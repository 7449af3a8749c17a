package io.dlog.core.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.bookkeeper.client.api.BookKeeper;
import org.apache.bookkeeper.client.api.DigestType;
import org.apache.bookkeeper.client.api.LedgerEntries;
import org.apache.bookkeeper.client.api.LedgerEntry;
import org.apache.bookkeeper.client.api.ReadHandle;
import org.apache.bookkeeper.client.api.WriteHandle;
import org.apache.bookkeeper.conf.ClientConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
@SuppressWarnings("try")   // BookKeeper handles' close() may throw InterruptedException; fine in a test
class LocalClusterIT {

    private static final Logger LOG = LoggerFactory.getLogger(LocalClusterIT.class);
    private static final byte[] PASSWORD = "local-cluster-it".getBytes(StandardCharsets.UTF_8);
    private static final long OP_TIMEOUT_S = 60;

    @Test
    void startShouldRunThreeBookiesThatTakePipelinedAppends() throws Exception {
        long begin = System.nanoTime();
        try (LocalCluster cluster = LocalCluster.start(3)) {
            Duration elapsed = Duration.ofNanos(System.nanoTime() - begin);
            LOG.info("3-bookie LocalCluster start took {} ms", elapsed.toMillis());
            System.out.println("LocalClusterIT: 3-bookie start took " + elapsed.toMillis() + " ms");
            assertThat(elapsed).isLessThan(Duration.ofSeconds(30));
            assertThat(cluster.bookieCount()).isEqualTo(3);
            assertThat(cluster.bookieAddresses()).hasSize(3).allMatch(a -> a.startsWith("127.0.0.1:"))
                    .doesNotHaveDuplicates();
            assertThat(cluster.metadataServiceUri())
                    .isEqualTo("zk+hierarchical://" + cluster.zkConnectString() + "/ledgers");

            // 10,000 fsynced appends at once: on a loaded machine one bookie's answer can take longer than the
            // client's default 5 s add timeout, and with 3 bookies for an ensemble of 3 there is no replacement
            ClientConfiguration conf = cluster.newClientConfiguration();
            conf.setAddEntryTimeout((int) OP_TIMEOUT_S);
            try (BookKeeper bk = BookKeeper.newBuilder(conf).build()) {
                long ledgerId;
                long writeBegin = System.nanoTime();
                try (WriteHandle ledger = createLedger(bk, 3, 3, 2)) {
                    appendAndCheck(ledger, 0, 10_000);
                    ledgerId = ledger.getId();
                }
                LOG.info("10000 pipelined appends took {} ms", (System.nanoTime() - writeBegin) / 1_000_000);
                readAndCheck(bk, ledgerId, 10_000);
            }
        }
    }

    @Test
    void dbStorageShouldBeRefusedClearlyWithoutRocksDbOnTheClasspath() {
        // dl-core leaves rocksdbjni out (dl-bench, which has it, starts DB bookies in DbStorageClusterTest)
        assertThatThrownBy(() -> Class.forName("org.rocksdb.RocksDB")).isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() -> LocalCluster.builder().storage(BookieStorage.DB))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("org.rocksdb:rocksdbjni");
    }

    @Test
    void stoppedBookieShouldRestartWithSameAddressAndItsEntries() throws Exception {
        try (LocalCluster cluster = LocalCluster.builder().bookies(4).fsync(false).start();
             BookKeeper bk = BookKeeper.newBuilder(cluster.newClientConfiguration()).build()) {
            List<String> addresses = cluster.bookieAddresses();
            long striped;
            try (WriteHandle ledger = createLedger(bk, 4, 4, 2)) {   // every bookie holds every entry
                appendAndCheck(ledger, 0, 100);
                striped = ledger.getId();
            }

            cluster.stopBookie(0);
            assertThat(cluster.isBookieRunning(0)).isFalse();
            cluster.stopBookie(0);   // no-op
            try (WriteHandle ledger = createLedger(bk, 3, 3, 2)) {
                appendAndCheck(ledger, 0, 100);
                assertThat(ledger.getLedgerMetadata().getAllEnsembles().get(0L))
                        .extracting(Object::toString).doesNotContain(addresses.get(0));
            }

            cluster.startBookie(0);
            assertThat(cluster.isBookieRunning(0)).isTrue();
            assertThat(cluster.bookieAddresses()).isEqualTo(addresses);
            // Only bookie 0 is left up, so the old entries can only come from its restarted storage.
            for (int i = 1; i < 4; i++) {
                cluster.stopBookie(i);
            }
            try (BookKeeper reader = BookKeeper.newBuilder(cluster.newClientConfiguration()).build()) {
                readAndCheck(reader, striped, 100);
            }
        }
    }

    @Test
    void restartOnKeptDataDirShouldKeepLedgers(@TempDir Path dataDir) throws Exception {
        long ledgerId;
        List<String> addresses;
        try (LocalCluster cluster = LocalCluster.builder().dataDir(dataDir).fsync(false).start();
             BookKeeper bk = BookKeeper.newBuilder(cluster.newClientConfiguration()).build()) {
            addresses = cluster.bookieAddresses();
            // Ack quorum 3: with 2, the third bookie's adds can still be outstanding when the client closes, and
            // BookKeeper 4.17.3's close then fails with a NullPointerException in CompletionValue.errorOut.
            try (WriteHandle ledger = createLedger(bk, 3, 3, 3)) {
                appendAndCheck(ledger, 0, 500);
                ledgerId = ledger.getId();
            }
        }
        assertThat(dataDir.resolve("bookie-0/journal")).isDirectory();

        try (LocalCluster cluster = LocalCluster.builder().dataDir(dataDir).fsync(false).start();
             BookKeeper bk = BookKeeper.newBuilder(cluster.newClientConfiguration()).build()) {
            assertThat(cluster.bookieAddresses()).isEqualTo(addresses);
            readAndCheck(bk, ledgerId, 500);
        }
        assertThat(Files.list(dataDir).map(p -> p.getFileName().toString()).collect(Collectors.toSet()))
                .contains("zookeeper", "bookie-0", "bookie-1", "bookie-2", "cluster.properties");
    }

    @Test
    void closeShouldLeaveNoThreadsAndFreeThePorts() throws Exception {
        Set<Thread> baseline = liveThreads(true);
        Set<Thread> baselineAll = liveThreads(false);
        LocalCluster cluster = LocalCluster.builder().fsync(false).start();
        List<Integer> ports = new ArrayList<>();
        ports.add(port(cluster.zkConnectString()));
        cluster.bookieAddresses().forEach(a -> ports.add(port(a)));
        LOG.info("running cluster adds {} threads ({} non-daemon)", liveThreads(false).size() - baselineAll.size(),
                liveThreads(true).size() - baseline.size());

        cluster.close();
        cluster.close();   // idempotent

        // Poll in this thread: Awaitility's own poller thread is non-daemon.
        await().atMost(Duration.ofSeconds(30)).pollInSameThread().pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(names(newThreads(baseline, true))).isEmpty());
        assertThat(liveThreads(true).size()).isLessThanOrEqualTo(baseline.size());
        for (int port : ports) {
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                assertThat(socket.getLocalPort()).isEqualTo(port);
            }
        }
        assertThatThrownBy(() -> cluster.stopBookie(0)).isInstanceOf(IllegalStateException.class);
        List<String> lingering = names(newThreads(baselineAll, false));
        if (!lingering.isEmpty()) {
            LOG.info("daemon threads still alive right after close: {}", lingering);
        }
    }

    @Test
    void startShouldCleanUpAndThrowWhenABookieCannotBind() throws Exception {
        Set<Thread> baseline = liveThreads(true);
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            LocalCluster.Builder builder = LocalCluster.builder().bookies(2).bookiePort(taken.getLocalPort() - 1);
            assertThatThrownBy(builder::start).isInstanceOf(IOException.class).hasMessageContaining("bookie");
        }
        await().atMost(Duration.ofSeconds(30)).pollInSameThread().pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(names(newThreads(baseline, true))).isEmpty());
    }

    private static WriteHandle createLedger(BookKeeper bk, int ensemble, int writeQuorum, int ackQuorum)
            throws Exception {
        return bk.newCreateLedgerOp()
                .withEnsembleSize(ensemble)
                .withWriteQuorumSize(writeQuorum)
                .withAckQuorumSize(ackQuorum)
                .withDigestType(DigestType.CRC32C)
                .withPassword(PASSWORD)
                .execute()
                .get(OP_TIMEOUT_S, TimeUnit.SECONDS);
    }

    /** Appends {@code count} entries without waiting between them, then checks their ids. */
    private static void appendAndCheck(WriteHandle ledger, long firstEntry, int count) throws Exception {
        List<CompletableFuture<Long>> acks = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            acks.add(ledger.appendAsync(payload(firstEntry + i)));
        }
        CompletableFuture.allOf(acks.toArray(new CompletableFuture<?>[0])).get(OP_TIMEOUT_S, TimeUnit.SECONDS);
        for (int i = 0; i < count; i++) {
            assertThat(acks.get(i).join()).isEqualTo(firstEntry + i);
        }
    }

    private static void readAndCheck(BookKeeper bk, long ledgerId, int count) throws Exception {
        try (ReadHandle ledger = bk.newOpenLedgerOp()
                .withLedgerId(ledgerId)
                .withDigestType(DigestType.CRC32C)
                .withPassword(PASSWORD)
                .withRecovery(false)
                .execute()
                .get(OP_TIMEOUT_S, TimeUnit.SECONDS)) {
            assertThat(ledger.getLastAddConfirmed()).isEqualTo(count - 1);
            long expected = 0;
            for (long first = 0; first < count; first += 1000) {
                long last = Math.min(count - 1, first + 999);
                try (LedgerEntries entries = ledger.readAsync(first, last).get(OP_TIMEOUT_S, TimeUnit.SECONDS)) {
                    for (LedgerEntry entry : entries) {
                        assertThat(entry.getEntryId()).isEqualTo(expected);
                        assertThat(entry.getEntryBytes()).isEqualTo(payload(expected));
                        expected++;
                    }
                }
            }
            assertThat(expected).isEqualTo(count);
        }
    }

    private static byte[] payload(long entryId) {
        return ("entry-" + entryId + "-" + "x".repeat((int) (entryId % 97))).getBytes(StandardCharsets.UTF_8);
    }

    private static int port(String hostPort) {
        return Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
    }

    private static Set<Thread> liveThreads(boolean nonDaemonOnly) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .filter(t -> !nonDaemonOnly || !t.isDaemon())
                .collect(Collectors.toSet());
    }

    private static Set<Thread> newThreads(Set<Thread> baseline, boolean nonDaemonOnly) {
        Set<Thread> now = liveThreads(nonDaemonOnly);
        now.removeAll(baseline);
        return now;
    }

    private static List<String> names(Set<Thread> threads) {
        return threads.stream().map(Thread::getName).sorted().collect(Collectors.toList());
    }
}
