package io.dlog.proxy.read;

import static io.dlog.proxy.read.ReadTesting.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.codahale.metrics.MetricRegistry;
import io.dlog.client.DLClient;
import io.dlog.client.StreamReader;
import io.dlog.core.AsyncLogWriter;
import io.dlog.core.LogManager;
import io.dlog.core.Namespace;
import io.dlog.core.local.LocalCluster;
import io.dlog.protocol.DLException;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.LogRecordWithDLSN;
import io.dlog.protocol.StatusCode;
import io.dlog.protocol.wire.AckResponse;
import io.dlog.protocol.wire.ErrorResponse;
import io.dlog.protocol.wire.OpenReader;
import io.dlog.protocol.wire.Opcode;
import io.dlog.protocol.wire.ReadRecords;
import io.dlog.protocol.wire.Response;
import io.dlog.protocol.wire.ServerRole;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The read proxy in this JVM against a LocalCluster, read through DLClient's StreamReader and raw frames. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ReadProxyIT {
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

    private static DLClient client(ReadProxy proxy, int window) {
        return DLClient.builder().proxies(proxy.address()).clientId("read-it").readerWindow(window, 1L << 20)
                .requestTimeout(Duration.ofSeconds(60)).build();
    }

    private static void assertInOrder(List<LogRecordWithDLSN> got, int n) {
        assertThat(got).hasSize(n);
        for (int i = 0; i < n; i++) {
            assertThat(text(got.get(i))).isEqualTo("record-" + i);
            if (i > 0) {
                assertThat(got.get(i).dlsn()).isGreaterThan(got.get(i - 1).dlsn());
            }
        }
    }

    @Test
    void manySubscribersShouldEachGetEveryRecordOnceInOrderAtOneBookKeeperReadPerEntry() throws Exception {
        URI uri = cluster.namespaceUri("fanout");
        int subscribers = 200;
        int records = 2000;
        MetricRegistry registry = new MetricRegistry();
        try (Namespace ns = Namespace.builder().uri(uri).config(ReadTesting.dlConfig()).build();
                LogManager log = ns.openLog("orders");
                AsyncLogWriter w = log.openAsyncLogWriter().get(60, TimeUnit.SECONDS);
                ReadProxy proxy = ReadProxy.builder().uri(uri).dlConfig(ReadTesting.dlConfig()).metrics(registry)
                        .config(ReadProxyConfig.builder().set(ReadProxyConfigKeys.PORT, 0)
                                .set(ReadProxyConfigKeys.ADMIN_PORT, 0).build()).start()) {
            List<DLSN> written = new ArrayList<>(ReadTesting.write(w, 0, 1));
            List<DLClient> clients = new ArrayList<>();
            List<CompletableFuture<List<LogRecordWithDLSN>>> reads = new ArrayList<>();
            try {
                for (int c = 0; c < 4; c++) {
                    clients.add(client(proxy, 200));
                }
                for (int i = 0; i < subscribers; i++) {
                    StreamReader r = clients.get(i % clients.size()).openReader("orders", DLSN.INITIAL)
                            .get(60, TimeUnit.SECONDS);
                    reads.add(ReadTesting.readN(r, records));
                }
                // the writer writes while every subscriber tails the log
                for (int from = 1; from < records; from += 10) {
                    written.addAll(ReadTesting.write(w, from, Math.min(records, from + 10)));
                }
                for (CompletableFuture<List<LogRecordWithDLSN>> f : reads) {
                    assertInOrder(f.get(120, TimeUnit.SECONDS), records);
                }
                int entries = ReadTesting.entries(written);
                assertThat(proxy.entriesRead("orders"))
                        .as("BookKeeper entries read by the proxy for %d subscribers of %d entries", subscribers,
                                entries)
                        .isEqualTo(entries);
                assertThat(registry.counter("dlog.proxy.read.stream.orders.entries_read").getCount())
                        .isEqualTo(entries);
                assertThat(proxy.catchUpReaders()).isZero();
                String metrics = get("http://" + proxy.adminAddress().orElseThrow() + "/metrics");
                assertThat(metrics).contains("dlog_proxy_read_stream_orders_entries_read " + entries + ".0")
                        .contains("dlog_proxy_read_readers " + subscribers + ".0")
                        .contains("dlog_proxy_read_records_sent_total");
                assertThat(get("http://" + proxy.adminAddress().orElseThrow() + "/health"))
                        .contains("\"status\":\"UP\"").contains("\"readers\":" + subscribers);
            } finally {
                clients.forEach(DLClient::close);
            }
        }
    }

    @Test
    void subscriberThatStopsReadingShouldNotStopTheOthersAndShouldCatchUpAfter() throws Exception {
        URI uri = cluster.namespaceUri("slow");
        int records = 600;
        ReadProxyConfig config = ReadProxyConfig.builder().set(ReadProxyConfigKeys.CACHE_MAX_BYTES, 2048L)
                .set(ReadProxyConfigKeys.CREDIT_TIMEOUT_MS, 1000L).build();
        try (Namespace ns = Namespace.builder().uri(uri).config(ReadTesting.dlConfig()).build();
                LogManager log = ns.openLog("clicks");
                AsyncLogWriter w = log.openAsyncLogWriter().get(60, TimeUnit.SECONDS);
                ReadProxy proxy = ReadTesting.startProxy(uri, config);
                DLClient fast = client(proxy, 50);
                DLClient slowClient = client(proxy, 10)) {
            List<DLSN> written = new ArrayList<>(ReadTesting.write(w, 0, 1));
            StreamReader slow = slowClient.openReader("clicks", DLSN.INITIAL).get(60, TimeUnit.SECONDS);
            List<CompletableFuture<List<LogRecordWithDLSN>>> others = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                others.add(ReadTesting.readN(fast.openReader("clicks", DLSN.INITIAL).get(60, TimeUnit.SECONDS),
                        records));
            }
            written.addAll(ReadTesting.write(w, 1, records));
            // the slow subscriber reads nothing: the others still get everything
            for (CompletableFuture<List<LogRecordWithDLSN>> f : others) {
                assertInOrder(f.get(120, TimeUnit.SECONDS), records);
            }
            // it is dropped for granting no credit, with a clear status, and resumes when it reads again
            await().atMost(Duration.ofSeconds(60)).until(() -> proxy.readers() == 5);
            assertInOrder(ReadTesting.readN(slow, records).get(120, TimeUnit.SECONDS), records);
            assertThat(proxy.entriesRead("clicks")).as("the catch-up reader read the evicted entries again")
                    .isGreaterThan(ReadTesting.entries(written));
        }
    }

    @Test
    void slowReaderAloneShouldBeServedFromTheCacheWithoutASecondBookKeeperRead() throws Exception {
        URI uri = cluster.namespaceUri("paced");
        int records = 600;
        ReadProxyConfig config = ReadProxyConfig.builder().set(ReadProxyConfigKeys.CACHE_MAX_BYTES, 2048L)
                .set(ReadProxyConfigKeys.BATCH_MAX_RECORDS, 20).build();
        try (Namespace ns = Namespace.builder().uri(uri).config(ReadTesting.dlConfig()).build();
                LogManager log = ns.openLog("paced");
                AsyncLogWriter w = log.openAsyncLogWriter().get(60, TimeUnit.SECONDS);
                ReadProxy proxy = ReadTesting.startProxy(uri, config);
                DLClient client = client(proxy, 10)) {
            List<DLSN> written = new ArrayList<>(ReadTesting.write(w, 0, 1));
            StreamReader r = client.openReader("paced", DLSN.INITIAL).get(60, TimeUnit.SECONDS);
            for (int from = 1; from < records; from += 10) {
                written.addAll(ReadTesting.write(w, from, from + 10));
            }
            // the log (about 6 KiB) outgrows the cache (2 KiB) while the reader has read nothing: the tail reader
            // waits for it instead of evicting what it still needs
            assertInOrder(ReadTesting.readN(r, records).get(120, TimeUnit.SECONDS), records);
            assertThat(proxy.entriesRead("paced")).isEqualTo(ReadTesting.entries(written));
        }
    }

    @Test
    void endOfStreamAndDeletionShouldReachTheReaderWithTheCoreStatusCodes() throws Exception {
        URI uri = cluster.namespaceUri("ends");
        try (Namespace ns = Namespace.builder().uri(uri).config(ReadTesting.dlConfig()).build();
                ReadProxy proxy = ReadTesting.startProxy(uri, ReadProxyConfig.defaults());
                DLClient client = client(proxy, 100)) {
            try (LogManager log = ns.openLog("sealed");
                    AsyncLogWriter w = log.openAsyncLogWriter().get(60, TimeUnit.SECONDS)) {
                ReadTesting.write(w, 0, 10);
                w.markEndOfStream().get(60, TimeUnit.SECONDS);
            }
            StreamReader r = client.openReader("sealed", DLSN.INITIAL).get(60, TimeUnit.SECONDS);
            assertInOrder(ReadTesting.readN(r, 10).get(60, TimeUnit.SECONDS), 10);
            assertThatThrownBy(() -> r.readNext().get(60, TimeUnit.SECONDS)).hasCauseInstanceOf(DLException.class)
                    .satisfies(e -> assertThat(((DLException) e.getCause()).code()).isEqualTo(StatusCode.END_OF_STREAM));

            try (LogManager log = ns.openLog("doomed");
                    AsyncLogWriter w = log.openAsyncLogWriter().get(60, TimeUnit.SECONDS)) {
                ReadTesting.write(w, 0, 5);
            }
            StreamReader d = client.openReader("doomed", DLSN.INITIAL).get(60, TimeUnit.SECONDS);
            assertInOrder(ReadTesting.readN(d, 5).get(60, TimeUnit.SECONDS), 5);
            CompletableFuture<LogRecordWithDLSN> waiting = d.readNext();
            ns.deleteLog("doomed");
            assertThatThrownBy(() -> waiting.get(60, TimeUnit.SECONDS)).hasCauseInstanceOf(DLException.class)
                    .satisfies(e -> assertThat(((DLException) e.getCause()).code()).isEqualTo(StatusCode.LOG_NOT_FOUND));
        }
    }

    @Test
    void badInputShouldGetItsStatusCodeAndTheProxyShouldKeepServing() throws Exception {
        URI uri = cluster.namespaceUri("bad");
        try (Namespace ns = Namespace.builder().uri(uri).config(ReadTesting.dlConfig()).build();
                LogManager log = ns.openLog("events");
                AsyncLogWriter w = log.openAsyncLogWriter().get(60, TimeUnit.SECONDS);
                ReadProxy proxy = ReadTesting.startProxy(uri, ReadProxyConfig.defaults());
                DLClient client = client(proxy, 100);
                RawWire raw = new RawWire(proxy.address())) {
            ReadTesting.write(w, 0, 3);
            assertThat(code(client.openReader("missing", DLSN.INITIAL))).isEqualTo(StatusCode.LOG_NOT_FOUND);
            assertThat(code(client.openReader("events", new DLSN(99, 0, 0)))).isEqualTo(StatusCode.INVALID_ARGUMENT);
            assertThat(code(client.openReader("events", 10_000L))).isEqualTo(StatusCode.INVALID_ARGUMENT);

            assertThat(raw.handshake().role()).isEqualTo(ServerRole.READ_PROXY);
            raw.sendRaw(ReadTesting.frame(Opcode.OPEN_READER.value(), 5, ReadTesting.openBody("events", 0, 100)));
            assertThat(errorCode(raw.read(), 5)).isEqualTo(StatusCode.INVALID_ARGUMENT);
            raw.sendRaw(ReadTesting.frame(Opcode.OPEN_READER.value(), 6, ReadTesting.openBody("events", -3, 100)));
            assertThat(errorCode(raw.read(), 6)).isEqualTo(StatusCode.INVALID_ARGUMENT);
            // a subscription starts at its committed position (FIRST) or a DLSN, not at LAST or a txid
            raw.send(new OpenReader(7, "events", io.dlog.protocol.wire.ReadPosition.LAST, DLSN.INVALID, -1, 10, 1000,
                    "billing"));
            assertThat(errorCode(raw.read(), 7)).isEqualTo(StatusCode.INVALID_ARGUMENT);

            // the same connection still serves a good reader
            raw.send(OpenReader.atDlsn(8, "events", DLSN.INITIAL, 2, 1 << 20));
            assertThat(raw.read()).isEqualTo(new AckResponse(8, Opcode.OPEN_READER));
            List<LogRecordWithDLSN> got = new ArrayList<>(((ReadRecords) raw.read()).records());
            assertThat(got).extracting(ReadTesting::text).containsExactly("record-0", "record-1");
            // a negative grant is refused with its code and ends that reader
            raw.sendRaw(ReadTesting.frame(Opcode.READ_CREDIT.value(), 8, ReadTesting.creditBody(-1, 10)));
            List<Response> answers = List.of(raw.read(), raw.read());
            assertThat(answers).allSatisfy(a -> assertThat(a).isInstanceOfSatisfying(ErrorResponse.class, e -> {
                assertThat(e.requestId()).isEqualTo(8);
                assertThat(e.statusCode()).isEqualTo(StatusCode.INVALID_ARGUMENT);
            }));
            assertThat(answers).extracting(Response::opcodeValue)
                    .containsExactlyInAnyOrder(Opcode.READ_CREDIT.value(), Opcode.READER_END.value());

            // and the proxy still serves everyone
            StreamReader ok = client.openReader("events", DLSN.INITIAL).get(60, TimeUnit.SECONDS);
            assertInOrder(ReadTesting.readN(ok, 3).get(60, TimeUnit.SECONDS), 3);
        }
    }

    @Test
    void proxyShouldNeverSendMoreThanTheCreditGrantedInRecordsOrBytes() throws Exception {
        URI uri = cluster.namespaceUri("credit");
        MetricRegistry registry = new MetricRegistry();
        try (Namespace ns = Namespace.builder().uri(uri).config(ReadTesting.dlConfig()).build();
                LogManager log = ns.openLog("ticks");
                AsyncLogWriter w = log.openAsyncLogWriter().get(60, TimeUnit.SECONDS);
                ReadProxy proxy = ReadProxy.builder().uri(uri).dlConfig(ReadTesting.dlConfig()).metrics(registry)
                        .config(ReadProxyConfig.builder().set(ReadProxyConfigKeys.PORT, 0)
                                .set(ReadProxyConfigKeys.ADMIN_PORT, -1).build()).start();
                RawWire raw = new RawWire(proxy.address())) {
            ReadTesting.write(w, 0, 20);
            raw.handshake();
            raw.send(OpenReader.atDlsn(2, "ticks", DLSN.INITIAL, 3, 1 << 20));
            assertThat(raw.read()).isEqualTo(new AckResponse(2, Opcode.OPEN_READER));
            List<LogRecordWithDLSN> got = new ArrayList<>();
            while (got.size() < 3) {
                got.addAll(((ReadRecords) raw.read()).records());
            }
            assertThat(got).hasSize(3);
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10))
                    .until(() -> registry.meter("dlog.proxy.read.records_sent").getCount() == 3);
            raw.send(new io.dlog.protocol.wire.ReadCredit(2, 5, 0));
            while (got.size() < 8) {
                got.addAll(((ReadRecords) raw.read()).records());
            }
            assertThat(got).extracting(ReadTesting::text).containsExactly("record-0", "record-1", "record-2",
                    "record-3", "record-4", "record-5", "record-6", "record-7");
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10))
                    .until(() -> registry.meter("dlog.proxy.read.records_sent").getCount() == 8);
            // byte credit: one byte lets exactly one record go (the credit may go negative by less than a record)
            raw.send(OpenReader.atDlsn(3, "ticks", DLSN.INITIAL, 100, 1));
            assertThat(raw.read()).isEqualTo(new AckResponse(3, Opcode.OPEN_READER));
            assertThat(((ReadRecords) raw.read()).records()).extracting(ReadTesting::text).containsExactly("record-0");
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10))
                    .until(() -> registry.meter("dlog.proxy.read.records_sent").getCount() == 9);
        }
    }

    @Test
    void readersBeyondTheProxyLimitsShouldBeRefusedOverCapacityAndTheOthersServed() throws Exception {
        URI uri = cluster.namespaceUri("limits");
        ReadProxyConfig config = ReadProxyConfig.builder().set(ReadProxyConfigKeys.CACHE_MAX_BYTES, 1024L)
                .set(ReadProxyConfigKeys.CATCHUP_MAX_READERS, 0).set(ReadProxyConfigKeys.MAX_READERS, 2).build();
        try (Namespace ns = Namespace.builder().uri(uri).config(ReadTesting.dlConfig()).build();
                LogManager log = ns.openLog("big");
                AsyncLogWriter w = log.openAsyncLogWriter().get(60, TimeUnit.SECONDS);
                ReadProxy proxy = ReadTesting.startProxy(uri, config);
                RawWire raw = new RawWire(proxy.address())) {
            List<DLSN> written = ReadTesting.write(w, 0, 300);
            raw.handshake();
            // the first reader starts the tail at the last record: the cache begins there
            raw.send(new OpenReader(2, "big", io.dlog.protocol.wire.ReadPosition.LAST, DLSN.INVALID, -1, 10, 1 << 20,
                    ""));
            assertThat(raw.read()).isEqualTo(new io.dlog.protocol.wire.ReaderOpened(2, written.get(299)));
            assertThat(((ReadRecords) raw.read()).records()).extracting(ReadTesting::text)
                    .containsExactly("record-299");
            // one from the start is behind the cache and no catch-up reader is allowed
            raw.send(OpenReader.atDlsn(3, "big", DLSN.INITIAL, 10, 1 << 20));
            assertThat(errorCode(raw.read(), 3)).isEqualTo(StatusCode.OVER_CAPACITY);
            // near the tail it is served from the cache
            raw.send(new OpenReader(4, "big", io.dlog.protocol.wire.ReadPosition.LAST, DLSN.INVALID, -1, 10, 1 << 20,
                    ""));
            assertThat(raw.read()).isEqualTo(new io.dlog.protocol.wire.ReaderOpened(4, written.get(299)));
            assertThat(((ReadRecords) raw.read()).records()).extracting(ReadTesting::text)
                    .containsExactly("record-299");
            // a third reader is one more than read.proxy.max.readers
            raw.send(new OpenReader(5, "big", io.dlog.protocol.wire.ReadPosition.LAST, DLSN.INVALID, -1, 10, 1 << 20,
                    ""));
            assertThat(errorCode(raw.read(), 5)).isEqualTo(StatusCode.OVER_CAPACITY);
            ReadTesting.write(w, 300, 301);
            List<Response> next = List.of(raw.read(), raw.read());
            assertThat(next).allSatisfy(r -> assertThat(r).isInstanceOfSatisfying(ReadRecords.class,
                    b -> assertThat(b.records()).extracting(ReadTesting::text).containsExactly("record-300")));
            assertThat(next).extracting(Response::requestId).containsExactlyInAnyOrder(2L, 4L);
        }
    }

    @Test
    void readerShouldResumeOnAnotherProxyWithoutGapOrDuplicateWhenItsProxyStops() throws Exception {
        URI uri = cluster.namespaceUri("failover");
        int records = 400;
        try (Namespace ns = Namespace.builder().uri(uri).config(ReadTesting.dlConfig()).build();
                LogManager log = ns.openLog("payments");
                AsyncLogWriter w = log.openAsyncLogWriter().get(60, TimeUnit.SECONDS);
                ReadProxy a = ReadTesting.startProxy(uri, ReadProxyConfig.defaults());
                ReadProxy b = ReadTesting.startProxy(uri, ReadProxyConfig.defaults())) {
            await().atMost(Duration.ofSeconds(30)).until(() -> a.liveProxies().size() == 2);
            ReadTesting.write(w, 0, 100);
            try (DLClient client = DLClient.builder().proxies(a.address()).readerWindow(20, 1L << 20)
                    .requestTimeout(Duration.ofSeconds(60)).build()) {
                List<StreamReader> readers = new ArrayList<>();
                List<CompletableFuture<List<LogRecordWithDLSN>>> reads = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    StreamReader r = client.openReader("payments", DLSN.INITIAL).get(60, TimeUnit.SECONDS);
                    readers.add(r);
                    reads.add(ReadTesting.readN(r, records));
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> a.readers() + b.readers() == 10);
                ReadProxy serving = a.readers() > 0 ? a : b;
                ReadProxy other = serving == a ? b : a;
                ReadTesting.write(w, 100, 200);
                serving.close();
                ReadTesting.write(w, 200, records);
                for (CompletableFuture<List<LogRecordWithDLSN>> f : reads) {
                    assertInOrder(f.get(120, TimeUnit.SECONDS), records);
                }
                assertThat(other.readers()).isEqualTo(10);
            }
        }
    }

    private static String get(String url) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(URI.create(url))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    }

    private static StatusCode code(CompletableFuture<?> f) {
        try {
            f.get(60, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure");
        } catch (java.util.concurrent.ExecutionException | CompletionException e) {
            return ((DLException) e.getCause()).code();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static StatusCode errorCode(Response r, long id) {
        assertThat(r).isInstanceOf(ErrorResponse.class);
        assertThat(r.requestId()).isEqualTo(id);
        return ((ErrorResponse) r).statusCode();
    }
}
