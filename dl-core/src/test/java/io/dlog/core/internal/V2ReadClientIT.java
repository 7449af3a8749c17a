package io.dlog.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.dlog.core.testing.LocalClusterExtension;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.bookkeeper.client.api.BookKeeper;
import org.apache.bookkeeper.client.api.DigestType;
import org.apache.bookkeeper.client.api.LedgerEntries;
import org.apache.bookkeeper.client.api.LedgerEntry;
import org.apache.bookkeeper.client.api.ReadHandle;
import org.apache.bookkeeper.client.api.WriteHandle;
import org.apache.bookkeeper.conf.ClientConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The holder of the v2 read client, with real BookKeeper clients: a client that cannot start leaves reads on the
 * main client and is tried again on the next call; a started one reads a closed ledger on v2; one that finishes
 * starting after close is closed, not leaked.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class V2ReadClientIT {
    private static final byte[] PASSWORD = new byte[0];

    @RegisterExtension
    static final LocalClusterExtension CLUSTER = LocalClusterExtension.builder().bookies(3)
            .zkSessionTimeout(Duration.ofSeconds(10)).fsync(false).build();

    private ExecutorService starter;
    private BookKeeper main;

    @BeforeEach
    void setUp() throws Exception {
        starter = Executors.newSingleThreadExecutor();
        main = BookKeeper.newBuilder(CLUSTER.cluster().newClientConfiguration()).build();
    }

    @AfterEach
    void tearDown() throws Exception {
        starter.shutdownNow();
        main.close();
    }

    private static BookKeeper newV2Client() throws Exception {
        ClientConfiguration conf = CLUSTER.cluster().newClientConfiguration();
        conf.setUseV2WireProtocol(true);
        return BookKeeper.newBuilder(conf).build();
    }

    @Test
    void aClientThatCannotStartShouldLeaveReadsOnTheMainClientAndBeTriedAgain() throws Exception {
        AtomicInteger builds = new AtomicInteger();
        try (V2ReadClient holder = new V2ReadClient(main, () -> {
            if (builds.incrementAndGet() == 1) {
                throw new IOException("no ZooKeeper (injected)");
            }
            return newV2Client();
        }, starter)) {
            assertThat(holder.client().get(30, TimeUnit.SECONDS)).as("fallback").isSameAs(main);
            assertThat(holder.isStarted()).isFalse();
            BookKeeper v2 = holder.client().get(30, TimeUnit.SECONDS);
            assertThat(v2).as("tried again").isNotSameAs(main);
            assertThat(holder.isStarted()).isTrue();
            assertThat(holder.client().get(30, TimeUnit.SECONDS)).as("started once").isSameAs(v2);
            assertThat(builds).hasValue(2);

            // a closed ledger written on v3 reads back on v2
            long ledgerId;
            try (WriteHandle w = main.newCreateLedgerOp().withEnsembleSize(3).withWriteQuorumSize(3)
                    .withAckQuorumSize(2).withDigestType(DigestType.CRC32C).withPassword(PASSWORD).execute()
                    .get(30, TimeUnit.SECONDS)) {
                ledgerId = w.getId();
                for (int i = 0; i < 10; i++) {
                    w.append(("entry-" + i).getBytes());
                }
            }
            try (ReadHandle r = v2.newOpenLedgerOp().withLedgerId(ledgerId).withRecovery(false)
                    .withDigestType(DigestType.CRC32C).withPassword(PASSWORD).execute().get(30, TimeUnit.SECONDS);
                    LedgerEntries entries = r.read(0, 9)) {
                int i = 0;
                for (LedgerEntry e : entries) {
                    assertThat(new String(e.getEntryBytes())).isEqualTo("entry-" + i++);
                }
                assertThat(i).isEqualTo(10);
            }
        }
    }

    @Test
    void aClientStartedAfterCloseShouldBeClosedAndNotHandedOut() throws Exception {
        AtomicInteger built = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        BookKeeper[] made = new BookKeeper[1];
        V2ReadClient holder = new V2ReadClient(main, () -> {
            release.await(30, TimeUnit.SECONDS);
            made[0] = newV2Client();
            built.incrementAndGet();
            return made[0];
        }, starter);
        CompletableFuture<BookKeeper> pending = holder.client();
        holder.close();
        release.countDown();
        assertThat(pending.get(30, TimeUnit.SECONDS)).as("answered with the main client").isSameAs(main);
        assertThat(built).hasValue(1);
        assertThat(holder.isStarted()).isFalse();
        assertThat(holder.client().get(1, TimeUnit.SECONDS)).as("after close").isSameAs(main);
        // the late client was closed: it refuses new work
        assertThat(made[0].newOpenLedgerOp().withLedgerId(0).withPassword(PASSWORD).execute())
                .failsWithin(Duration.ofSeconds(30));
    }
}
