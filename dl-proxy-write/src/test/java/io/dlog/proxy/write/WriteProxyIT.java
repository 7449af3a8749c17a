package io.dlog.proxy.write;

import static io.dlog.proxy.write.ProxyTesting.readAll;
import static io.dlog.proxy.write.ProxyTesting.write;
import static io.dlog.proxy.write.ProxyTesting.writeOk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dlog.core.DLConfig;
import io.dlog.core.Namespace;
import io.dlog.core.local.LocalCluster;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.StatusCode;
import io.dlog.protocol.wire.AckResponse;
import io.dlog.protocol.wire.ErrorResponse;
import io.dlog.protocol.wire.GetOwner;
import io.dlog.protocol.wire.GetOwnerResponse;
import io.dlog.protocol.wire.Release;
import io.dlog.protocol.wire.Response;
import io.dlog.protocol.wire.ServerRole;
import io.dlog.protocol.wire.Write;
import io.dlog.protocol.wire.WriteBulk;
import io.dlog.protocol.wire.WriteBulkResponse;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The write proxy in this JVM against a LocalCluster: writes, ownership, redirects, release, drain, limits. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class WriteProxyIT {
    private static final Duration SESSION = Duration.ofSeconds(20);
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
        return ProxyTesting.dlConfig(SESSION);
    }

    @Test
    void writeShouldAcknowledgeRecordsThatReadBackInOrder() throws Exception {
        URI uri = cluster.namespaceUri("write-basic");
        try (WriteProxy proxy = ProxyTesting.startProxy(uri, dl(), WriteProxyConfig.defaults());
                WireClient c = WireClient.connect(proxy.address(), "t1");
                Namespace ns = Namespace.builder().uri(uri).build()) {
            assertThat(c.handshake().role()).isEqualTo(ServerRole.WRITE_PROXY);
            assertThat(c.handshake().proxies()).extracting(p -> p.address()).contains(proxy.address());
            List<CompletableFuture<Response>> fs = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                fs.add(c.send(Write.of(c.nextId(), "orders", ("r" + i).getBytes(StandardCharsets.UTF_8))));
            }
            DLSN prev = null;
            for (CompletableFuture<Response> f : fs) {
                Response r = f.get(60, TimeUnit.SECONDS);
                assertThat(r).isInstanceOf(io.dlog.protocol.wire.WriteResponse.class);
                DLSN d = ((io.dlog.protocol.wire.WriteResponse) r).dlsn();
                if (prev != null) {
                    assertThat(d).isGreaterThan(prev);
                }
                prev = d;
            }
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                expected.add("r" + i);
            }
            assertThat(readAll(ns, "orders")).containsExactlyElementsOf(expected);
            assertThat(proxy.ownedStreams()).containsExactly("orders");
        }
    }

    @Test
    void writeShouldBeAnsweredFoundWithOwnerAddressWhenAnotherProxyOwnsTheStream() throws Exception {
        URI uri = cluster.namespaceUri("write-found");
        try (WriteProxy a = ProxyTesting.startProxy(uri, dl(), WriteProxyConfig.defaults());
                WriteProxy b = ProxyTesting.startProxy(uri, dl(), WriteProxyConfig.defaults());
                WireClient ca = WireClient.connect(a.address(), "ca");
                WireClient cb = WireClient.connect(b.address(), "cb")) {
            writeOk(ca, "s1", "first");
            Response r = write(cb, "s1", "second");
            assertThat(r).isInstanceOf(ErrorResponse.class);
            ErrorResponse e = (ErrorResponse) r;
            assertThat(e.statusCode()).isEqualTo(StatusCode.FOUND);
            assertThat(e.owner()).isEqualTo(a.address());
            Response owner = cb.send(new GetOwner(cb.nextId(), "s1")).get(30, TimeUnit.SECONDS);
            assertThat(((GetOwnerResponse) owner).owner()).isEqualTo(a.address());
            await().atMost(Duration.ofSeconds(30)).until(() -> cb.handshake() != null
                    && a.liveProxies().size() == 2);
        }
    }

    @Test
    void dlClientBootstrappedOnTheWrongProxyShouldReachTheOwner() throws Exception {
        URI uri = cluster.namespaceUri("write-redirect");
        try (WriteProxy a = ProxyTesting.startProxy(uri, dl(), WriteProxyConfig.defaults());
                WriteProxy b = ProxyTesting.startProxy(uri, dl(), WriteProxyConfig.defaults());
                WireClient ca = WireClient.connect(a.address(), "ca");
                io.dlog.client.DLClient viaB = io.dlog.client.DLClient.builder().proxies(b.address())
                        .clientId("via-b").build();
                Namespace ns = Namespace.builder().uri(uri).build()) {
            writeOk(ca, "owned-by-a", "first");
            for (int i = 0; i < 20; i++) {
                viaB.write("owned-by-a", ("via-b-" + i).getBytes(StandardCharsets.UTF_8)).get(60, TimeUnit.SECONDS);
            }
            assertThat(viaB.getOwner("owned-by-a").get(30, TimeUnit.SECONDS)).isEqualTo(a.address());
            assertThat(a.ownedStreams()).contains("owned-by-a");
            assertThat(b.ownedStreams()).doesNotContain("owned-by-a");
            assertThat(readAll(ns, "owned-by-a")).hasSize(21).startsWith("first").endsWith("via-b-19");
        }
    }

    @Test
    void releaseShouldMoveOwnershipToTheProxyAClientReachesNext() throws Exception {
        URI uri = cluster.namespaceUri("write-release");
        try (WriteProxy a = ProxyTesting.startProxy(uri, dl(), WriteProxyConfig.defaults());
                WriteProxy b = ProxyTesting.startProxy(uri, dl(), WriteProxyConfig.defaults());
                WireClient ca = WireClient.connect(a.address(), "ca");
                WireClient cb = WireClient.connect(b.address(), "cb");
                Namespace ns = Namespace.builder().uri(uri).build()) {
            writeOk(ca, "moving", "on-a");
            Response rel = ca.send(new Release(ca.nextId(), "moving")).get(30, TimeUnit.SECONDS);
            assertThat(rel).isInstanceOf(AckResponse.class);
            assertThat(a.ownedStreams()).doesNotContain("moving");
            writeOk(cb, "moving", "on-b");
            assertThat(b.ownedStreams()).contains("moving");
            // A keeps the stream in probation and now redirects to its new owner instead of taking it back.
            Response back = write(ca, "moving", "again-on-a");
            assertThat(((ErrorResponse) back).statusCode()).isEqualTo(StatusCode.FOUND);
            assertThat(((ErrorResponse) back).owner()).isEqualTo(b.address());
            assertThat(readAll(ns, "moving")).containsExactly("on-a", "on-b");
        }
    }

    @Test
    void drainShouldReleaseEveryLockSoAnotherProxyTakesOverWithoutSessionTimeout() throws Exception {
        URI uri = cluster.namespaceUri("write-drain");
        try (WriteProxy b = ProxyTesting.startProxy(uri, dl(), WriteProxyConfig.defaults());
                WireClient cb = WireClient.connect(b.address(), "cb");
                Namespace ns = Namespace.builder().uri(uri).build()) {
            WriteProxy a = ProxyTesting.startProxy(uri, dl(), WriteProxyConfig.defaults());
            List<CompletableFuture<Response>> inflight = new ArrayList<>();
            try (WireClient ca = WireClient.connect(a.address(), "ca")) {
                for (int s = 0; s < 10; s++) {
                    writeOk(ca, "d" + s, "before");
                }
                for (int s = 0; s < 10; s++) {
                    inflight.add(ca.send(Write.of(ca.nextId(), "d" + s, "during".getBytes(StandardCharsets.UTF_8))));
                }
                long t0 = System.nanoTime();
                a.drain().get(60, TimeUnit.SECONDS);
                assertThat(a.isServing()).isFalse();
                for (int s = 0; s < 10; s++) {
                    writeOk(cb, "d" + s, "after");
                }
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(SESSION);
            }
            for (int s = 0; s < 10; s++) {
                Response r = inflight.get(s).handle((v, t) -> v).get(30, TimeUnit.SECONDS);
                List<String> got = readAll(ns, "d" + s);
                if (r instanceof io.dlog.protocol.wire.WriteResponse) {
                    assertThat(got).containsExactly("before", "during", "after");
                } else {
                    assertThat(got).startsWith("before").endsWith("after").doesNotHaveDuplicates();
                }
            }
        }
    }

    @Test
    void writeBulkShouldPutAllRecordsInOneEntry() throws Exception {
        URI uri = cluster.namespaceUri("write-bulk");
        try (WriteProxy proxy = ProxyTesting.startProxy(uri, dl(), WriteProxyConfig.defaults());
                WireClient c = WireClient.connect(proxy.address(), "bulk");
                Namespace ns = Namespace.builder().uri(uri).build()) {
            List<CompletableFuture<Response>> singles = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                singles.add(c.send(Write.of(c.nextId(), "b", ("s" + i).getBytes(StandardCharsets.UTF_8))));
            }
            List<byte[]> payloads = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                payloads.add(("bulk" + i).getBytes(StandardCharsets.UTF_8));
            }
            Response r = c.send(WriteBulk.of(c.nextId(), "b", payloads)).get(60, TimeUnit.SECONDS);
            assertThat(r).isInstanceOf(WriteBulkResponse.class);
            List<DLSN> ds = ((WriteBulkResponse) r).dlsns();
            assertThat(ds).hasSize(20);
            for (int i = 0; i < ds.size(); i++) {
                assertThat(ds.get(i).segmentSequenceNumber()).isEqualTo(ds.get(0).segmentSequenceNumber());
                assertThat(ds.get(i).entryId()).isEqualTo(ds.get(0).entryId());
                assertThat(ds.get(i).slotId()).isEqualTo(i);
            }
            for (CompletableFuture<Response> f : singles) {
                assertThat(f.get(60, TimeUnit.SECONDS)).isInstanceOf(io.dlog.protocol.wire.WriteResponse.class);
            }
            assertThat(readAll(ns, "b")).hasSize(70);
        }
    }
}
