package io.dlog.core.read;

import static io.dlog.core.read.ReadTesting.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.dlog.core.AsyncLogReader;
import io.dlog.core.AsyncLogWriter;
import io.dlog.core.LogManager;
import io.dlog.core.Namespace;
import io.dlog.core.read.ReadTesting.Acked;
import io.dlog.core.testing.LocalClusterExtension;
import io.dlog.core.testing.ZkServerStats;
import io.dlog.protocol.LogRecordWithDLSN;
import io.dlog.protocol.LogSegmentMetadata;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * Many readers of one log share one metadata watch (issue 13): a roll costs a few ZooKeeper reads for all of
 * them, not readers × segments. Counted on the ZooKeeper server ({@code srvr}: requests received).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ManyReadersIT {
    private static final int READERS = 20;
    private static final int ROLLS = 6;

    @RegisterExtension
    static final LocalClusterExtension CLUSTER = LocalClusterExtension.builder().bookies(3)
            .zkSessionTimeout(Duration.ofSeconds(10)).fsync(false).build();

    @Test
    void tailingReadersShouldCostAFewZooKeeperReadsPerRollNotReadersTimesSegments() throws Exception {
        int perSegment = 30;
        try (Namespace writerNs = CLUSTER.openNamespace("many-readers", ReadTesting.rolling(4096, 0));
                Namespace readerNs = CLUSTER.openNamespace("many-readers", ReadTesting.rolling(4096, 0));
                LogManager wlog = writerNs.openLog("log");
                LogManager rlog = readerNs.openLog("log")) {
            AsyncLogWriter w = wlog.openAsyncLogWriter().get(30, TimeUnit.SECONDS);
            List<Acked> before = new ArrayList<>();
            while (wlog.getLogSegments().size() < 40) {
                before.addAll(write(w, before.size(), perSegment, 100));
            }
            int segments = wlog.getLogSegments().size();
            Acked last = before.get(before.size() - 1);
            List<AsyncLogReader> readers = new ArrayList<>();
            for (int i = 0; i < READERS; i++) {
                AsyncLogReader r = rlog.openAsyncLogReader(last.dlsn()).get(30, TimeUnit.SECONDS);
                assertThat(r.readNext().get(30, TimeUnit.SECONDS).dlsn()).isEqualTo(last.dlsn());
                readers.add(r);
            }
            long startSeq = lastSeq(wlog);

            long received = zkRequestsReceived();
            List<Acked> more = new ArrayList<>();
            while (lastSeq(wlog) < startSeq + ROLLS) {
                more.addAll(write(w, before.size() + more.size(), perSegment, 100));
            }
            for (AsyncLogReader r : readers) {
                List<LogRecordWithDLSN> got = ReadTesting.read(r, more.size());
                assertThat(got.get(got.size() - 1).dlsn()).isEqualTo(more.get(more.size() - 1).dlsn());
            }
            long rolls = lastSeq(wlog) - startSeq;
            long perRoll = (zkRequestsReceived() - received) / rolls;
            LoggerFactory.getLogger(ManyReadersIT.class).info("zookeeper requests per roll readers={} segments={} "
                    + "rolls={} perRoll={}", READERS, segments, rolls, perRoll);
            // Before: every reader re-read the log, the list and every segment at each roll: about one request
            // per reader per segment (measured 591 with 20 readers of 30 segments). Now the shared watch reads
            // about three znodes per roll, whatever the number of readers and segments; what remains per reader
            // is BookKeeper's own (each reader opens the new ledger, and reopens it to learn its end: measured
            // about 8 requests per reader per roll), plus the writer's roll.
            assertThat(perRoll).as("ZooKeeper requests per roll with %d readers of a %d-segment log", READERS,
                    segments).isLessThan(READERS * (long) segments / 2);
            for (AsyncLogReader r : readers) {
                r.asyncClose().get(30, TimeUnit.SECONDS);
            }
            w.asyncClose().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void zooKeeperRequestsPerRollShouldNotGrowWithTheNumberOfTailingReaders() throws Exception {
        try (Namespace writerNs = CLUSTER.openNamespace("per-reader", ReadTesting.rolling(4096, 0));
                Namespace readerNs = CLUSTER.openNamespace("per-reader", ReadTesting.rolling(4096, 0));
                LogManager wlog = writerNs.openLog("log");
                LogManager rlog = readerNs.openLog("log")) {
            AsyncLogWriter w = wlog.openAsyncLogWriter().get(30, TimeUnit.SECONDS);
            List<Acked> written = new ArrayList<>(write(w, 0, 30, 100));
            List<AsyncLogReader> readers = new ArrayList<>();
            readers.add(openAtTail(rlog, written));
            double one = requestsPerRoll(w, wlog, readers, written);
            while (readers.size() < READERS) {
                readers.add(openAtTail(rlog, written));
            }
            double many = requestsPerRoll(w, wlog, readers, written);
            LoggerFactory.getLogger(ManyReadersIT.class).info("zookeeper requests per roll: 1 reader {}, {} "
                    + "readers {}", one, READERS, many);
            // Before the readers shared their segments' ledgers, each reader opened every new ledger itself and
            // reopened it when it completed, each open reading the ledger's metadata from ZooKeeper: about 8
            // requests per reader per roll (measured 150 more with 20 readers than with one). Now the readers
            // share one open; what is left grows with the rolls, not with the readers.
            assertThat(many - one).as("extra ZooKeeper requests per roll of %d readers over 1", READERS)
                    .isLessThan(READERS);
            for (AsyncLogReader r : readers) {
                r.asyncClose().get(30, TimeUnit.SECONDS);
            }
            w.asyncClose().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void openingAReaderShouldReadAFewZnodesNotEverySegmentWhenTheLogHasMany() throws Exception {
        try (Namespace writerNs = CLUSTER.openNamespace("open-cost", ReadTesting.rolling(4096, 0));
                Namespace readerNs = CLUSTER.openNamespace("open-cost", ReadTesting.rolling(4096, 0));
                LogManager wlog = writerNs.openLog("log");
                LogManager rlog = readerNs.openLog("log")) {
            AsyncLogWriter w = wlog.openAsyncLogWriter().get(30, TimeUnit.SECONDS);
            List<Acked> written = new ArrayList<>();
            while (wlog.getLogSegments().size() < 40) {
                written.addAll(write(w, written.size(), 30, 100));
            }
            int segments = wlog.getLogSegments().size();
            w.asyncClose().get(30, TimeUnit.SECONDS);
            List<AsyncLogReader> readers = new ArrayList<>();
            readers.add(openAtTail(rlog, written)); // the first one loads the log's shared metadata watch
            int opens = 5;
            long received = zkRequestsReceived();
            for (int i = 0; i < opens; i++) {
                readers.add(openAtTail(rlog, written));
            }
            long perOpen = (zkRequestsReceived() - received) / opens;
            for (AsyncLogReader r : readers) {
                r.asyncClose().get(30, TimeUnit.SECONDS);
            }
            LoggerFactory.getLogger(ManyReadersIT.class).info("zookeeper requests per reader open segments={} "
                    + "perOpen={}", segments, perOpen);
            // Before, resolving the start read every segment znode (1,000 readers of a 1,000-segment log: a
            // million reads to open them); it needs only the oldest ones, for the truncation point. What is left
            // is the log, the listing, the oldest segment and the truncation point.
            assertThat(perOpen).as("ZooKeeper requests per reader open of a %d-segment log", segments)
                    .isLessThan(segments / 2);
        }
    }

    /** Opens a reader at the last written record and reads it: the reader is then at the tail. */
    private static AsyncLogReader openAtTail(LogManager rlog, List<Acked> written) throws Exception {
        Acked last = written.get(written.size() - 1);
        AsyncLogReader r = rlog.openAsyncLogReader(last.dlsn()).get(30, TimeUnit.SECONDS);
        assertThat(r.readNext().get(30, TimeUnit.SECONDS).dlsn()).isEqualTo(last.dlsn());
        return r;
    }

    /** Writes until the log rolled {@link #ROLLS} times, has every reader read it all, and counts per roll. */
    private static double requestsPerRoll(AsyncLogWriter w, LogManager wlog, List<AsyncLogReader> readers,
            List<Acked> written) throws Exception {
        long startSeq = lastSeq(wlog);
        long received = zkRequestsReceived();
        List<Acked> more = new ArrayList<>();
        while (lastSeq(wlog) < startSeq + ROLLS) {
            more.addAll(write(w, written.size() + more.size(), 30, 100));
        }
        for (AsyncLogReader r : readers) {
            List<LogRecordWithDLSN> got = ReadTesting.read(r, more.size());
            assertThat(got.get(got.size() - 1).dlsn()).isEqualTo(more.get(more.size() - 1).dlsn());
        }
        double perRoll = (double) (zkRequestsReceived() - received) / (lastSeq(wlog) - startSeq);
        written.addAll(more);
        return perRoll;
    }

    private static long lastSeq(LogManager log) throws Exception {
        List<LogSegmentMetadata> segs = log.getLogSegments();
        return segs.get(segs.size() - 1).sequenceNumber();
    }

    /** Returns the number of requests the ZooKeeper server received so far (four-letter word {@code srvr}). */
    private static long zkRequestsReceived() throws Exception {
        return ZkServerStats.requestsReceived(CLUSTER.zkConnectString());
    }
}
