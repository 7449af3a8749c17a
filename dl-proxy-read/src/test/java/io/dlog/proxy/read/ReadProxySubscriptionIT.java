package io.dlog.proxy.read;

import static io.dlog.proxy.read.ReadTesting.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dlog.client.DLClient;
import io.dlog.client.StreamReader;
import io.dlog.core.AsyncLogWriter;
import io.dlog.core.DLConfig;
import io.dlog.core.DLConfigKeys;
import io.dlog.core.LogManager;
import io.dlog.core.Namespace;
import io.dlog.core.RetentionService;
import io.dlog.core.SubscriptionReader;
import io.dlog.core.local.LocalCluster;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.Futures;
import io.dlog.protocol.LogRecordWithDLSN;
import io.dlog.protocol.LogSegmentMetadata;
import io.dlog.protocol.SegmentState;
import io.dlog.protocol.StatusCode;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Durable subscriptions through the read proxy: commit, resume, the read lock, bad input. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ReadProxySubscriptionIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static LocalCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = LocalCluster.builder().bookies(3).fsync(false).start();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static DLClient client(String proxies) {
        return DLClient.builder().proxies(proxies).clientId("subs-it").readerWindow(50, 1L << 20)
                .requestTimeout(Duration.ofSeconds(60)).build();
    }

    private static StatusCode code(CompletableFuture<?> f) {
        try {
            f.get(60, TimeUnit.SECONDS);
            return StatusCode.SUCCESS;
        } catch (Exception e) {
            return Futures.toDLException(e).code();
        }
    }

    private static List<String> texts(List<LogRecordWithDLSN> records) {
        return records.stream().map(ReadTesting::text).toList();
    }

    private static List<String> expected(int from, int to) {
        return java.util.stream.IntStream.range(from, to).mapToObj(i -> "record-" + i).toList();
    }

    /** Waits until an embedded reader can take the subscription (the proxy released its lock), then frees it. */
    private static void awaitLockFree(LogManager log, String name) {
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
            SubscriptionReader r = log.subscriptions().openReader(name).get(30, TimeUnit.SECONDS);
            r.asyncClose().get(30, TimeUnit.SECONDS);
        });
    }

    @Test
    void resubscribeShouldResumeAfterTheCommitWhenTheClientWasClosedWithoutClosingItsReader() throws Exception {
        URI uri = cluster.namespaceUri("subs-resume");
        try (Namespace ns = Namespace.builder().uri(uri).config(ReadTesting.dlConfig()).build();
                LogManager log = ns.openLog("orders");
                AsyncLogWriter w = log.openAsyncLogWriter().get(60, TimeUnit.SECONDS);
                ReadProxy proxy = ReadTesting.startProxy(uri, ReadProxyConfig.defaults())) {
            ReadTesting.write(w, 0, 10);
            DLSN committed;
            try (DLClient first = client(proxy.address())) {
                StreamReader s = first.subscribe("orders", "billing").get(60, TimeUnit.SECONDS);
                List<LogRecordWithDLSN> got = ReadTesting.readN(s, 6).get(60, TimeUnit.SECONDS);
                assertThat(texts(got)).isEqualTo(expected(0, 6));
                committed = got.get(3).dlsn();
                assertThat(s.commit(committed).get(60, TimeUnit.SECONDS)).isEqualTo(committed);
                // commits only move forward: an older position changes nothing
                assertThat(s.commit(got.get(1).dlsn()).get(60, TimeUnit.SECONDS)).isEqualTo(committed);
                // records 4 and 5 were delivered but not committed; the client goes away without closing the reader
            }
            assertThat(log.subscriptions().position("billing").get(60, TimeUnit.SECONDS)).isEqualTo(
                    Optional.of(committed));
            ReadTesting.write(w, 10, 12);
            try (DLClient second = client(proxy.address())) {
                // the proxy releases the lock when the first client's connection drops
                StreamReader s = await().atMost(WAIT).ignoreExceptions()
                        .until(() -> second.subscribe("orders", "billing").get(60, TimeUnit.SECONDS), r -> true);
                assertThat(texts(ReadTesting.readN(s, 8).get(60, TimeUnit.SECONDS))).isEqualTo(expected(4, 12));
                s.asyncClose().get(60, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void secondSubscriberShouldGetLockingExceptionAndTheLockShouldBeFreedOnCloseAndOnConnectionLoss()
            throws Exception {
        URI uri = cluster.namespaceUri("subs-lock");
        try (Namespace ns = Namespace.builder().uri(uri).config(ReadTesting.dlConfig()).build();
                LogManager log = ns.openLog("orders");
                AsyncLogWriter w = log.openAsyncLogWriter().get(60, TimeUnit.SECONDS);
                ReadProxy proxy = ReadTesting.startProxy(uri, ReadProxyConfig.defaults());
                DLClient a = client(proxy.address());
                DLClient b = client(proxy.address())) {
            ReadTesting.write(w, 0, 5);
            StreamReader held = a.subscribe("orders", "billing").get(60, TimeUnit.SECONDS);
            assertThat(code(b.subscribe("orders", "billing"))).isEqualTo(StatusCode.LOCKING_EXCEPTION);
            assertThat(code(a.subscribe("orders", "billing"))).isEqualTo(StatusCode.LOCKING_EXCEPTION);
            assertThat(code(log.subscriptions().openReader("billing"))).isEqualTo(StatusCode.LOCKING_EXCEPTION);
            // the proxy keeps serving: the holder, another subscription, a plain reader
            assertThat(texts(ReadTesting.readN(held, 5).get(60, TimeUnit.SECONDS))).isEqualTo(expected(0, 5));
            StreamReader other = b.subscribe("orders", "audit").get(60, TimeUnit.SECONDS);
            assertThat(texts(ReadTesting.readN(other, 5).get(60, TimeUnit.SECONDS))).isEqualTo(expected(0, 5));
            StreamReader plain = b.openReader("orders", DLSN.INITIAL).get(60, TimeUnit.SECONDS);
            assertThat(texts(ReadTesting.readN(plain, 5).get(60, TimeUnit.SECONDS))).isEqualTo(expected(0, 5));

            // closing the subscriber frees the lock: the close is answered once it is released
            held.asyncClose().get(60, TimeUnit.SECONDS);
            log.subscriptions().openReader("billing").get(60, TimeUnit.SECONDS).asyncClose().get(60, TimeUnit.SECONDS);

            // so does losing the connection
            try (DLClient c = client(proxy.address())) {
                StreamReader s = c.subscribe("orders", "billing").get(60, TimeUnit.SECONDS);
                assertThat(text(s.readNext().get(60, TimeUnit.SECONDS))).isEqualTo("record-0");
                assertThat(code(log.subscriptions().openReader("billing"))).isEqualTo(StatusCode.LOCKING_EXCEPTION);
            }
            awaitLockFree(log, "billing");
        }
    }

    @Test
    void subscriberShouldResumeOnAnotherProxyWithTheLockWhenItsProxyStops() throws Exception {
        URI uri = cluster.namespaceUri("subs-failover");
        try (Namespace ns = Namespace.builder().uri(uri).config(ReadTesting.dlConfig()).build();
                LogManager log = ns.openLog("orders");
                AsyncLogWriter w = log.openAsyncLogWriter().get(60, TimeUnit.SECONDS);
                ReadProxy p1 = ReadTesting.startProxy(uri, ReadProxyConfig.defaults());
                ReadProxy p2 = ReadTesting.startProxy(uri, ReadProxyConfig.defaults())) {
            // each proxy lists both in its handshake (the client routes over what the handshakes say)
            await().atMost(WAIT).until(() -> p1.liveProxies().size() == 2 && p2.liveProxies().size() == 2);
            failover(log, w, p1, p2);
        }
    }

    private static void failover(LogManager log, AsyncLogWriter w, ReadProxy p1, ReadProxy p2) throws Exception {
        try (DLClient client = client(p1.address() + "," + p2.address())) {
            ReadTesting.write(w, 0, 6);
            StreamReader s = client.subscribe("orders", "billing").get(60, TimeUnit.SECONDS);
            List<LogRecordWithDLSN> got = ReadTesting.readN(s, 3).get(60, TimeUnit.SECONDS);
            assertThat(s.commit(got.get(2).dlsn()).get(60, TimeUnit.SECONDS)).isEqualTo(got.get(2).dlsn());
            ReadProxy serving = p1.readers() > 0 ? p1 : p2;
            ReadProxy survivor = serving == p1 ? p2 : p1;
            serving.close();
            ReadTesting.write(w, 6, 9);
            // no gap, no duplicate, on the surviving proxy, which now holds the lock
            List<LogRecordWithDLSN> rest = ReadTesting.readN(s, 6).get(120, TimeUnit.SECONDS);
            assertThat(texts(rest)).isEqualTo(expected(3, 9));
            assertThat(survivor.readers()).isEqualTo(1);
            assertThat(code(log.subscriptions().openReader("billing"))).isEqualTo(StatusCode.LOCKING_EXCEPTION);
            DLSN last = await().atMost(WAIT).ignoreExceptions()
                    .until(() -> s.commit(rest.get(5).dlsn()).get(30, TimeUnit.SECONDS), d -> true);
            assertThat(last).isEqualTo(rest.get(5).dlsn());
            assertThat(log.subscriptions().position("billing").get(60, TimeUnit.SECONDS)).contains(last);
            s.asyncClose().get(60, TimeUnit.SECONDS);
            awaitLockFree(log, "billing");
        }
    }

    @Test
    void badSubscriptionRequestsShouldGetTheirStatusCodes() throws Exception {
        URI uri = cluster.namespaceUri("subs-bad");
        try (Namespace ns = Namespace.builder().uri(uri).config(ReadTesting.dlConfig()).build();
                LogManager log = ns.openLog("orders");
                AsyncLogWriter w = log.openAsyncLogWriter().get(60, TimeUnit.SECONDS);
                ReadProxy proxy = ReadTesting.startProxy(uri, ReadProxyConfig.defaults());
                DLClient client = client(proxy.address())) {
            ReadTesting.write(w, 0, 2);
            assertThat(code(client.subscribe("missing", "billing"))).isEqualTo(StatusCode.LOG_NOT_FOUND);
            assertThat(code(client.subscribe("orders", ".hidden"))).isEqualTo(StatusCode.INVALID_ARGUMENT);
            StreamReader plain = client.openReader("orders", DLSN.INITIAL).get(60, TimeUnit.SECONDS);
            assertThat(code(plain.commit(new DLSN(1, 0, 0)))).isEqualTo(StatusCode.INVALID_ARGUMENT);
            // and the proxy still serves
            StreamReader s = client.subscribe("orders", "billing").get(60, TimeUnit.SECONDS);
            assertThat(texts(ReadTesting.readN(s, 2).get(60, TimeUnit.SECONDS))).isEqualTo(expected(0, 2));
        }
    }
    @Test
    void retentionRespectingSubscriptionsShouldHonourACommitMadeThroughTheProxy() throws Exception {
        URI uri = cluster.namespaceUri("subs-retention");
        DLConfig config = DLConfig.builder().set(DLConfigKeys.SEGMENT_MAX_BYTES, 1024L)
                .set(DLConfigKeys.FLUSH_INTERVAL_MS, 0L).set(DLConfigKeys.RETENTION_BYTES, 0L)
                .set(DLConfigKeys.RETENTION_RESPECT_SUBSCRIPTIONS, true).build();
        try (Namespace ns = Namespace.builder().uri(uri).config(config).build();
                LogManager log = ns.openLog("orders");
                RetentionService retention = ns.admin().retentionService();
                ReadProxy proxy = ReadTesting.startProxy(uri, ReadProxyConfig.defaults());
                DLClient client = client(proxy.address())) {
            AsyncLogWriter w = log.openAsyncLogWriter().get(60, TimeUnit.SECONDS);
            List<DLSN> acked = new java.util.ArrayList<>();
            while (completed(log).size() < 5) {
                acked.add(w.write(io.dlog.protocol.LogRecord.of(("record-" + acked.size() + "-" + "x".repeat(90))
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS));
            }
            w.asyncClose().get(60, TimeUnit.SECONDS);
            StreamReader s = client.subscribe("orders", "slow").get(60, TimeUnit.SECONDS);
            assertThat(retention.runOnce().segmentsDeleted()).as("nothing committed: everything kept").isZero();

            LogSegmentMetadata third = completed(log).get(2);
            int upTo = acked.indexOf(third.lastDLSN()) + 1;
            List<LogRecordWithDLSN> read = ReadTesting.readN(s, upTo).get(60, TimeUnit.SECONDS);
            assertThat(read.get(upTo - 1).dlsn()).isEqualTo(third.lastDLSN());
            assertThat(s.commit(third.lastDLSN()).get(60, TimeUnit.SECONDS)).isEqualTo(third.lastDLSN());
            assertThat(retention.runOnce().segmentsDeleted()).as("the three consumed segments go").isEqualTo(3);
            s.asyncClose().get(60, TimeUnit.SECONDS);

            // a new subscriber resumes after the commit, at the next segment, although the committed one is gone
            StreamReader again = client.subscribe("orders", "slow").get(60, TimeUnit.SECONDS);
            LogRecordWithDLSN next = again.readNext().get(60, TimeUnit.SECONDS);
            assertThat(next.dlsn()).isEqualTo(acked.get(upTo));
            again.asyncClose().get(60, TimeUnit.SECONDS);
        }
    }

    private static List<LogSegmentMetadata> completed(LogManager log) throws Exception {
        return log.getLogSegments().stream().filter(seg -> seg.state() == SegmentState.COMPLETED
                && seg.recordCount() > 0).toList();
    }
}
