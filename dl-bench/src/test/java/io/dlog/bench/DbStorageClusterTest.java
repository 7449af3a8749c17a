package io.dlog.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.dlog.core.local.BookieStorage;
import io.dlog.core.local.LocalCluster;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.bookkeeper.client.api.BookKeeper;
import org.apache.bookkeeper.client.api.DigestType;
import org.apache.bookkeeper.client.api.LedgerEntries;
import org.apache.bookkeeper.client.api.LedgerEntry;
import org.apache.bookkeeper.client.api.ReadHandle;
import org.apache.bookkeeper.client.api.WriteHandle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The many-logs workloads' bookies: DbLedgerStorage with the RocksDB that dl-bench carries. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DbStorageClusterTest {

    private static final byte[] PASSWORD = "db-storage".getBytes(StandardCharsets.UTF_8);

    @Test
    void dbBookiesShouldStoreEntriesOfManyLedgersAndServeThemBack() throws Exception {
        assertThat(BenchPlan.ledgerStorage("logs")).isEqualTo(BookieStorage.DB);
        assertThat(BenchPlan.ledgerStorage("full")).isEqualTo(BookieStorage.SORTED);
        try (LocalCluster cluster = LocalCluster.builder().bookies(3).fsync(false).storage(BookieStorage.DB).start();
             BookKeeper bk = BookKeeper.newBuilder(cluster.newClientConfiguration()).build()) {
            List<Long> ids = new ArrayList<>();
            List<WriteHandle> handles = new ArrayList<>();
            for (int l = 0; l < 50; l++) {
                WriteHandle h = bk.newCreateLedgerOp().withEnsembleSize(3).withWriteQuorumSize(3)
                        .withAckQuorumSize(2).withDigestType(DigestType.CRC32C).withPassword(PASSWORD)
                        .execute().get(60, TimeUnit.SECONDS);
                handles.add(h);
                ids.add(h.getId());
            }
            List<CompletableFuture<Long>> adds = new ArrayList<>();
            for (int e = 0; e < 20; e++) {   // interleaved across ledgers, as the many-logs workloads write
                for (WriteHandle h : handles) {
                    adds.add(h.appendAsync(payload(h.getId(), e)));
                }
            }
            CompletableFuture.allOf(adds.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            for (WriteHandle h : handles) {
                h.close();
            }
            for (long id : ids) {
                try (ReadHandle r = bk.newOpenLedgerOp().withLedgerId(id).withDigestType(DigestType.CRC32C)
                        .withPassword(PASSWORD).withRecovery(false).execute().get(60, TimeUnit.SECONDS);
                     LedgerEntries entries = r.read(0, 19)) {
                    assertThat(r.getLastAddConfirmed()).isEqualTo(19);
                    int e = 0;
                    for (LedgerEntry entry : entries) {
                        assertThat(entry.getEntryBytes()).isEqualTo(payload(id, e++));
                    }
                    assertThat(e).isEqualTo(20);
                }
            }
        }
    }

    private static byte[] payload(long ledgerId, int entry) {
        return (ledgerId + ":" + entry).getBytes(StandardCharsets.UTF_8);
    }
}
