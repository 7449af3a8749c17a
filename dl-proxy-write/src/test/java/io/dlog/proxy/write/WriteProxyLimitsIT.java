package io.dlog.proxy.write;

import static io.dlog.proxy.write.ProxyTesting.write;
import static io.dlog.proxy.write.ProxyTesting.writeOk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dlog.core.DLConfig;
import io.dlog.core.DLConfigKeys;
import io.dlog.core.Namespace;
import io.dlog.core.local.LocalCluster;
import io.dlog.protocol.StatusCode;
import io.dlog.protocol.wire.ErrorResponse;
import io.dlog.protocol.wire.GetOwner;
import io.dlog.protocol.wire.GetOwnerResponse;
import io.dlog.protocol.wire.Response;
import io.dlog.protocol.wire.Write;
import io.dlog.protocol.wire.WriteBulk;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Each limit answers its status code, counts a metric, and leaves the connection and the proxy usable. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class WriteProxyLimitsIT {
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

    private static DLConfig dl() {
        return ProxyTesting.dlConfig(Duration.ofSeconds(20)).toBuilder().set(DLConfigKeys.RECORD_MAX_BYTES, 1024)
                .set(DLConfigKeys.BATCH_MAX_BYTES, 4096).build();
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        return r.statusCode() + " " + r.body();
    }

    @Test
    void oversizeRecordShouldBeRefusedWithTooLargeRecordAndLeaveTheConnectionUsable() throws Exception {
        try (WriteProxy p = ProxyTesting.startProxy(cluster.namespaceUri("limit-record"), dl(),
                WriteProxyConfig.defaults()); WireClient c = WireClient.connect(p.address(), "c")) {
            Response r = c.send(Write.of(c.nextId(), "big", new byte[2000])).get(30, TimeUnit.SECONDS);
            assertThat(((ErrorResponse) r).statusCode()).isEqualTo(StatusCode.TOO_LARGE_RECORD);
            writeOk(c, "big", "small");
            String metrics = get("http://" + p.adminAddress().orElseThrow() + "/metrics");
            assertThat(metrics).contains("dlog_proxy_write_rejected_too_large_record_total 1.0");
            assertThat(metrics).contains("dlog_proxy_write_requests_write_count 2.0");
        }
    }

    @Test
    void bulkThatCannotBeOneEntryShouldBeRefusedAndWriteNothing() throws Exception {
        URI uri = cluster.namespaceUri("limit-bulk");
        try (WriteProxy p = ProxyTesting.startProxy(uri, dl(), WriteProxyConfig.defaults());
                WireClient c = WireClient.connect(p.address(), "c");
                Namespace ns = Namespace.builder().uri(uri).build()) {
            List<byte[]> payloads = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                payloads.add(new byte[1000]);
            }
            Response r = c.send(WriteBulk.of(c.nextId(), "bulky", payloads)).get(30, TimeUnit.SECONDS);
            assertThat(((ErrorResponse) r).statusCode()).isEqualTo(StatusCode.TOO_LARGE_RECORD);
            assertThat(ns.logExists("bulky")).isFalse();
        }
    }

    @Test
    void newStreamBeyondTheLimitShouldBeRefusedWithTooManyStreams() throws Exception {
        WriteProxyConfig cfg = WriteProxyConfig.builder().set(WriteProxyConfigKeys.MAX_STREAMS, 2).build();
        try (WriteProxy p = ProxyTesting.startProxy(cluster.namespaceUri("limit-streams"), dl(), cfg);
                WireClient c = WireClient.connect(p.address(), "c")) {
            writeOk(c, "one", "x");
            writeOk(c, "two", "x");
            Response r = write(c, "three", "x");
            assertThat(((ErrorResponse) r).statusCode()).isEqualTo(StatusCode.TOO_MANY_STREAMS);
            writeOk(c, "one", "still fine");
            assertThat(get("http://" + p.adminAddress().orElseThrow() + "/metrics"))
                    .contains("dlog_proxy_write_rejected_too_many_streams_total 1.0")
                    .contains("dlog_proxy_write_streams_owned 2.0");
        }
    }

    @Test
    void frameOverTheSizeLimitShouldBeAnsweredMalformedRequestAndLeaveTheConnectionUsable() throws Exception {
        WriteProxyConfig cfg = WriteProxyConfig.builder().set(WriteProxyConfigKeys.FRAME_MAX_BYTES, 1024).build();
        try (WriteProxy p = ProxyTesting.startProxy(cluster.namespaceUri("limit-frame"), dl(), cfg);
                WireClient c = WireClient.connect(p.address(), "c")) {
            Response r = c.send(Write.of(c.nextId(), "f", new byte[1010])).get(30, TimeUnit.SECONDS);
            assertThat(((ErrorResponse) r).statusCode()).isEqualTo(StatusCode.MALFORMED_REQUEST);
            assertThat(((ErrorResponse) r).message()).contains("exceeds the limit of 1024");
            writeOk(c, "f", "ok");
            assertThat(get("http://" + p.adminAddress().orElseThrow() + "/metrics"))
                    .contains("dlog_proxy_write_rejected_malformed_request_total 1.0");
        }
    }

    @Test
    void idleStreamShouldBeReleasedAfterTheConfiguredTime() throws Exception {
        WriteProxyConfig cfg = WriteProxyConfig.builder()
                .set(WriteProxyConfigKeys.STREAM_IDLE_RELEASE_MS, 300L).build();
        try (WriteProxy p = ProxyTesting.startProxy(cluster.namespaceUri("limit-idle"), dl(), cfg);
                WireClient c = WireClient.connect(p.address(), "c")) {
            // a write succeeds only through the stream's owner; asserting ownership right after it would race the
            // 300 ms release on a loaded machine
            writeOk(c, "quiet", "x");
            await().atMost(Duration.ofSeconds(30)).until(() -> p.ownedStreams().isEmpty());
            // The lock goes once the writer has closed (just after the stream left the table).
            await().atMost(Duration.ofSeconds(30)).until(() -> ((GetOwnerResponse) c.send(new GetOwner(c.nextId(),
                    "quiet")).get(30, TimeUnit.SECONDS)).owner().isEmpty());
            writeOk(c, "quiet", "y"); // taken again on demand
            await().atMost(Duration.ofSeconds(30)).until(() -> p.ownedStreams().isEmpty());
        }
    }

    @Test
    void healthShouldBeUpWhileServingAndMetricsShouldCountConnections() throws Exception {
        try (WriteProxy p = ProxyTesting.startProxy(cluster.namespaceUri("limit-health"), dl(),
                WriteProxyConfig.defaults()); WireClient c = WireClient.connect(p.address(), "c")) {
            writeOk(c, "h", "x");
            String admin = "http://" + p.adminAddress().orElseThrow();
            assertThat(get(admin + "/health")).startsWith("200 ").contains("\"status\":\"UP\"")
                    .contains("\"streams\":1");
            assertThat(get(admin + "/metrics")).contains("dlog_proxy_write_connections 1.0")
                    .contains("dlog_proxy_write_bytes_inflight");
        }
    }
}
