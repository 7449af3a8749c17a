package io.dlog.core.read;

import static io.dlog.core.read.ReadTesting.assertSame;
import static io.dlog.core.read.ReadTesting.read;
import static io.dlog.core.read.ReadTesting.write;

import io.dlog.core.AsyncLogReader;
import io.dlog.core.AsyncLogWriter;
import io.dlog.core.LogManager;
import io.dlog.core.Namespace;
import io.dlog.core.read.ReadTesting.Acked;
import io.dlog.core.testing.LocalClusterExtension;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.LogRecordWithDLSN;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(value = 5, unit = TimeUnit.MINUTES)
class BookieLossReadIT {
    @RegisterExtension
    static final LocalClusterExtension CLUSTER = LocalClusterExtension.builder().bookies(4)
            .zkSessionTimeout(Duration.ofSeconds(4)).fsync(false).build();

    @Test
    void readersShouldCatchUpAndTailWhileABookieIsStopped() throws Exception {
        try (Namespace ns = Namespace.builder().uri(CLUSTER.namespaceUri("bookie-loss"))
                .config(ReadTesting.rolling(32 * 1024, 300)).build(); LogManager log = ns.openLog("log")) {
            AsyncLogWriter w = log.openAsyncLogWriter().get(30, TimeUnit.SECONDS);
            AsyncLogReader tail = log.openAsyncLogReader(DLSN.INITIAL).get(30, TimeUnit.SECONDS);
            List<Acked> expected = new ArrayList<>(write(w, 0, 2000, 64));
            CLUSTER.cluster().stopBookie(0);
            try {
                CompletableFuture<List<LogRecordWithDLSN>> tailing = CompletableFuture.supplyAsync(() -> {
                    try {
                        return read(tail, 4000);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                expected.addAll(write(w, 2000, 2000, 64));
                try (AsyncLogReader catchUp = log.openAsyncLogReader(DLSN.INITIAL).get(30, TimeUnit.SECONDS)) {
                    assertSame(expected, read(catchUp, expected.size()));
                }
                assertSame(expected, tailing.get(120, TimeUnit.SECONDS));
            } finally {
                CLUSTER.cluster().startBookie(0);
            }
            tail.close();
            w.asyncClose().get(30, TimeUnit.SECONDS);
        }
    }
}
