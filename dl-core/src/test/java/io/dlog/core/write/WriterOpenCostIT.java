package io.dlog.core.write;

import static org.assertj.core.api.Assertions.assertThat;

import io.dlog.core.AsyncLogWriter;
import io.dlog.core.DLConfig;
import io.dlog.core.DLConfigKeys;
import io.dlog.core.LogManager;
import io.dlog.core.Namespace;
import io.dlog.core.testing.LocalClusterExtension;
import io.dlog.core.testing.ZkServerStats;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.LogRecord;
import io.dlog.protocol.LogSegmentMetadata;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * A writer's open reads the tail of the log's segment list, not every segment znode: a write proxy taking over
 * thousands of streams, each with a long history, would otherwise make one ZooKeeper read per segment per stream.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class WriterOpenCostIT {

    @RegisterExtension
    static final LocalClusterExtension CLUSTER = LocalClusterExtension.builder().bookies(3)
            .zkSessionTimeout(Duration.ofSeconds(10)).fsync(false).build();

    @Test
    void openingAWriterShouldReadAFewSegmentZnodesNotEveryOneWhenTheLogHasMany() throws Exception {
        DLConfig rollOften = DLConfig.builder().set(DLConfigKeys.SEGMENT_MAX_BYTES, 4096L)
                .set(DLConfigKeys.BATCH_MAX_BYTES, 4096).build();
        try (Namespace ns = CLUSTER.openNamespace("writer-open-cost", rollOften);
                LogManager log = ns.openLog("log")) {
            long txid = 0;
            DLSN last = null;
            AsyncLogWriter w = log.openAsyncLogWriter().get(30, TimeUnit.SECONDS);
            while (log.getLogSegments().size() < 40) {
                last = w.write(LogRecord.of(++txid, new byte[1024])).get(30, TimeUnit.SECONDS);
            }
            w.asyncClose().get(30, TimeUnit.SECONDS);
            int segments = log.getLogSegments().size();

            int opens = 5;
            long received = ZkServerStats.requestsReceived(CLUSTER.zkConnectString());
            for (int i = 0; i < opens; i++) {
                w = log.openAsyncLogWriter().get(30, TimeUnit.SECONDS);
                // What the takeover learnt from the tail: the last txid, and the next record follows the last one
                assertThat(w.getLastTxId()).isEqualTo(txid);
                DLSN next = w.write(LogRecord.of(++txid, new byte[16])).get(30, TimeUnit.SECONDS);
                assertThat(next).isGreaterThan(last);
                last = next;
                w.asyncClose().get(30, TimeUnit.SECONDS);
            }
            long perOpen = (ZkServerStats.requestsReceived(CLUSTER.zkConnectString()) - received) / opens;
            LoggerFactory.getLogger(WriterOpenCostIT.class).info("zookeeper requests per writer open, write and "
                    + "close segments={} perOpen={}", segments, perOpen);
            // Before, the takeover read every segment znode: more than 40 requests per open of this log. What is
            // left: the lock, the log znode, the max txid, the listing, the last segment or two, the new ledger and
            // segment, and the close's completion.
            assertThat(perOpen).as("ZooKeeper requests per writer open of a %d-segment log", segments)
                    .isLessThan(segments / 2);
            List<LogSegmentMetadata> after = log.getLogSegments();
            assertThat(after.get(after.size() - 1).lastTxId()).isEqualTo(txid);
        }
    }
}
