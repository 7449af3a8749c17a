package io.dlog.proxy.read;

import static org.assertj.core.api.Assertions.assertThat;
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
import io.dlog.protocol.Futures;
import io.dlog.protocol.LogRecordWithDLSN;
import io.dlog.protocol.StatusCode;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The read proxy's metrics that come and go with streams and subscriptions. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ReadProxyMetricsIT {
    private static final String STREAM_PREFIX = "dlog.proxy.read.stream.";
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

    private static ReadProxy proxy(URI uri, MetricRegistry registry) throws Exception {
        return ReadProxy.builder().uri(uri).dlConfig(ReadTesting.dlConfig()).metrics(registry)
                .config(ReadProxyConfig.builder().set(ReadProxyConfigKeys.PORT, 0)
                        .set(ReadProxyConfigKeys.ADMIN_PORT, 0).build()).start();
    }

    private static DLClient client(ReadProxy proxy) {
        return DLClient.builder().proxies(proxy.address()).clientId("metrics-it").readerWindow(50, 1L << 20)
                .requestTimeout(Duration.ofSeconds(60)).build();
    }

    private static long streamMetrics(MetricRegistry registry) {
        return registry.getNames().stream().filter(n -> n.startsWith(STREAM_PREFIX)).count();
    }

    @Test
    void streamMetricsShouldBeUnregisteredWhenTheLastReaderOfTheirStreamCloses() throws Exception {
        URI uri = cluster.namespaceUri("metrics-streams");
        int streams = 30;
        MetricRegistry registry = new MetricRegistry();
        try (Namespace ns = Namespace.builder().uri(uri).config(ReadTesting.dlConfig()).build();
                ReadProxy proxy = proxy(uri, registry);
                DLClient client = client(proxy)) {
            List<StreamReader> readers = new ArrayList<>();
            for (int i = 0; i < streams; i++) {
                try (LogManager log = ns.openLog("m" + i);
                        AsyncLogWriter w = log.openAsyncLogWriter().get(60, TimeUnit.SECONDS)) {
                    ReadTesting.write(w, 0, 2);
                }
                StreamReader r = client.openReader("m" + i, DLSN.INITIAL).get(60, TimeUnit.SECONDS);
                assertThat(ReadTesting.readN(r, 2).get(60, TimeUnit.SECONDS)).hasSize(2);
                readers.add(r);
            }
            assertThat(streamMetrics(registry)).as("one per stream being read").isEqualTo(streams);
            assertThat(proxy.entriesRead("m0")).isPositive();
            long total = registry.counter("dlog.proxy.read.entries_read").getCount();
            for (StreamReader r : readers) {
                r.asyncClose().get(60, TimeUnit.SECONDS);
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> streamMetrics(registry) == 0);
            assertThat(registry.getNames()).as("the registry shrinks back").noneMatch(n -> n.startsWith(STREAM_PREFIX));
            assertThat(registry.counter("dlog.proxy.read.entries_read").getCount()).as("totals stay").isEqualTo(total);
            assertThat(proxy.entriesRead("m0")).isZero();

            // a stream read again gets its counter again
            StreamReader again = client.openReader("m0", DLSN.INITIAL).get(60, TimeUnit.SECONDS);
            assertThat(ReadTesting.readN(again, 2).get(60, TimeUnit.SECONDS)).hasSize(2);
            assertThat(streamMetrics(registry)).isEqualTo(1);
            assertThat(proxy.entriesRead("m0")).isPositive();
            again.asyncClose().get(60, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(60)).until(() -> streamMetrics(registry) == 0);
        }
    }

    @Test
    void subscriptionMetricsShouldCountActiveSubscriptionsCommitsAndRefusedCommits() throws Exception {
        URI uri = cluster.namespaceUri("metrics-subs");
        MetricRegistry registry = new MetricRegistry();
        try (Namespace ns = Namespace.builder().uri(uri).config(ReadTesting.dlConfig()).build();
                LogManager log = ns.openLog("orders");
                AsyncLogWriter w = log.openAsyncLogWriter().get(60, TimeUnit.SECONDS);
                ReadProxy proxy = proxy(uri, registry);
                DLClient client = client(proxy)) {
            ReadTesting.write(w, 0, 5);
            StreamReader billing = client.subscribe("orders", "billing").get(60, TimeUnit.SECONDS);
            StreamReader audit = client.subscribe("orders", "audit").get(60, TimeUnit.SECONDS);
            StreamReader plain = client.openReader("orders", DLSN.INITIAL).get(60, TimeUnit.SECONDS);
            assertThat(gauge(registry, "dlog.proxy.read.subscriptions")).isEqualTo(2);
            List<LogRecordWithDLSN> got = ReadTesting.readN(billing, 5).get(60, TimeUnit.SECONDS);
            for (int i = 0; i < 3; i++) {
                billing.commit(got.get(i).dlsn()).get(60, TimeUnit.SECONDS);
            }
            assertThat(registry.counter("dlog.proxy.read.subscription_commits").getCount()).isEqualTo(3);
            // a commit on a reader without a subscription is refused by the client; one the proxy refuses counts
            ReadTesting.readN(plain, 1).get(60, TimeUnit.SECONDS);
            assertThat(registry.counter("dlog.proxy.read.subscription_commit_failures").getCount()).isZero();
            try (RawWire raw = new RawWire(proxy.address())) {
                raw.handshake();
                raw.send(new io.dlog.protocol.wire.CommitPosition(2, 99, DLSN.INITIAL));
                assertThat(raw.read()).isInstanceOfSatisfying(io.dlog.protocol.wire.ErrorResponse.class,
                        e -> assertThat(e.statusCode()).isEqualTo(StatusCode.INVALID_ARGUMENT));
            }
            assertThat(registry.counter("dlog.proxy.read.subscription_commit_failures").getCount()).isEqualTo(1);

            audit.asyncClose().get(60, TimeUnit.SECONDS);
            assertThat(gauge(registry, "dlog.proxy.read.subscriptions")).isEqualTo(1);
            // a refused subscribe (the lock is held) takes no lease
            DLException held = Futures.toDLException(org.assertj.core.api.Assertions.catchThrowable(
                    () -> client.subscribe("orders", "billing").get(60, TimeUnit.SECONDS)));
            assertThat(held.code()).isEqualTo(StatusCode.LOCKING_EXCEPTION);
            assertThat(gauge(registry, "dlog.proxy.read.subscriptions")).isEqualTo(1);
            String metrics = get("http://" + proxy.adminAddress().orElseThrow() + "/metrics");
            assertThat(metrics).contains("dlog_proxy_read_subscriptions 1.0")
                    .contains("dlog_proxy_read_subscription_commits 3.0")
                    .contains("dlog_proxy_read_subscription_commit_failures 1.0");
            billing.asyncClose().get(60, TimeUnit.SECONDS);
            plain.asyncClose().get(60, TimeUnit.SECONDS);
            assertThat(gauge(registry, "dlog.proxy.read.subscriptions")).isZero();
        }
    }

    private static int gauge(MetricRegistry registry, String name) {
        return ((Number) registry.getGauges().get(name).getValue()).intValue();
    }

    private static String get(String url) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(URI.create(url))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    }
}
