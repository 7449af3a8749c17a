package io.dlog.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.dlog.core.testing.LocalClusterExtension;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.bookkeeper.client.api.BookKeeper;
import org.apache.bookkeeper.client.api.DigestType;
import org.apache.bookkeeper.client.api.ReadHandle;
import org.apache.bookkeeper.client.api.WriteHandle;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Regression for a reader that skipped the last entries of a segment: a handle opened while the ledger was open
 * keeps its old last-add-confirmed after BookKeeper flips its metadata to closed, so the end of a closed ledger
 * must come from the metadata.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class LedgersIT {
    @RegisterExtension
    static final LocalClusterExtension CLUSTER = LocalClusterExtension.builder().bookies(3).fsync(false).build();

    @Test
    void lastReadableEntryShouldComeFromMetadataOnceAHandleSeesTheLedgerClosed() throws Exception {
        try (BookKeeper bk = BookKeeper.newBuilder(CLUSTER.cluster().newClientConfiguration()).build()) {
            WriteHandle w = bk.newCreateLedgerOp().withEnsembleSize(3).withWriteQuorumSize(3).withAckQuorumSize(2)
                    .withDigestType(DigestType.CRC32C).withPassword(new byte[0]).execute().get(30, TimeUnit.SECONDS);
            for (int i = 0; i < 3; i++) {
                w.append(new byte[] {(byte) i});
            }
            ReadHandle r = bk.newOpenLedgerOp().withLedgerId(w.getId()).withRecovery(false)
                    .withDigestType(DigestType.CRC32C).withPassword(new byte[0]).execute().get(30, TimeUnit.SECONDS);
            long lacAtOpen = r.getLastAddConfirmed();
            assertThat(lacAtOpen).as("the last entry's LAC is not published yet").isLessThan(2);
            assertThat(Ledgers.isClosed(r)).isFalse();
            assertThat(Ledgers.lastReadableEntry(r)).isEqualTo(lacAtOpen);
            w.close();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Ledgers.isClosed(r));
            assertThat(Ledgers.lastReadableEntry(r)).isEqualTo(2);
            r.close();
        }
    }
}
