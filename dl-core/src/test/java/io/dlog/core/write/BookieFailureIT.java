package io.dlog.core.write;

import static org.assertj.core.api.Assertions.assertThat;

import io.dlog.core.AsyncLogWriter;
import io.dlog.core.LogManager;
import io.dlog.core.Namespace;
import io.dlog.core.testing.LocalClusterExtension;
import io.dlog.core.testing.RawLogReader;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.LogRecord;
import io.dlog.protocol.LogRecordWithDLSN;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.bookkeeper.client.api.BookKeeper;
import org.apache.bookkeeper.client.api.LedgerMetadata;
import org.apache.bookkeeper.net.BookieId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Invariant 2: with 4 bookies (E3/W3/A2), losing a bookie of the current ensemble loses nothing and fails nothing. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class BookieFailureIT {
    @RegisterExtension
    static final LocalClusterExtension CLUSTER = LocalClusterExtension.builder().bookies(4).fsync(false).build();

    @Test
    void writesShouldContinueWithoutErrorWhenAnEnsembleBookieStops() throws Exception {
        try (Namespace ns = Namespace.builder().uri(CLUSTER.namespaceUri("bookie-failure")).build();
                LogManager log = ns.openLog("log")) {
            AsyncLogWriter w = log.openAsyncLogWriter().get(30, TimeUnit.SECONDS);
            List<CompletableFuture<DLSN>> acks = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                acks.add(w.write(LogRecord.of(("r-" + i).getBytes(StandardCharsets.UTF_8))));
            }
            acks.get(acks.size() - 1).get(30, TimeUnit.SECONDS);
            int victim = ensembleBookie(log.getLogSegments().get(0).ledgerId());
            CLUSTER.cluster().stopBookie(victim);
            for (int i = 2_000; i < 4_000; i++) {
                acks.add(w.write(LogRecord.of(("r-" + i).getBytes(StandardCharsets.UTF_8))));
            }
            CompletableFuture.allOf(acks.toArray(new CompletableFuture[0])).get(60, TimeUnit.SECONDS);
            w.asyncClose().get(30, TimeUnit.SECONDS);
            List<LogRecordWithDLSN> read = RawLogReader.readAll(CLUSTER.cluster(), log);
            assertThat(read).hasSize(4_000);
            for (int i = 0; i < read.size(); i++) {
                assertThat(new String(read.get(i).payload(), StandardCharsets.UTF_8)).isEqualTo("r-" + i);
                assertThat(read.get(i).dlsn()).isEqualTo(acks.get(i).join());
            }
            CLUSTER.cluster().startBookie(victim);
        }
    }

    private static int ensembleBookie(long ledgerId) throws Exception {
        try (BookKeeper bk = BookKeeper.newBuilder(CLUSTER.cluster().newClientConfiguration()).build()) {
            LedgerMetadata md = bk.getLedgerMetadata(ledgerId).get(30, TimeUnit.SECONDS);
            BookieId first = md.getAllEnsembles().get(0L).get(0);
            int index = CLUSTER.cluster().bookieAddresses().indexOf(first.toString());
            assertThat(index).as("bookie %s of the ensemble is one of ours", first).isGreaterThanOrEqualTo(0);
            return index;
        }
    }
}
