package io.dlog.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dlog.protocol.DLException;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.Futures;
import io.dlog.protocol.InvalidStreamNameException;
import io.dlog.protocol.NotOwnerException;
import io.dlog.protocol.OverCapacityException;
import io.dlog.protocol.StatusCode;
import io.dlog.protocol.TooLargeRecordException;
import io.dlog.protocol.wire.ErrorResponse;
import io.dlog.protocol.wire.LeakCheck;
import io.dlog.protocol.wire.ProxyEndpoint;
import io.dlog.protocol.wire.ServerRole;
import io.dlog.protocol.wire.Release;
import io.dlog.protocol.wire.Write;
import io.dlog.protocol.wire.WriteBulk;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** DLClient against in-process scripted servers of the wire protocol (loopback sockets, no BookKeeper/ZooKeeper). */
@ExtendWith(LeakCheck.class)
@Timeout(60)
class DLClientTest {
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.isAlive() && t.getName().startsWith("dlog-client")));
    }

    private ScriptedProxy proxy() throws InterruptedException {
        ScriptedProxy p = new ScriptedProxy();
        closeables.add(p);
        return p;
    }

    private DLClient client(String proxies) {
        return client(DLClient.builder().proxies(proxies));
    }

    private DLClient client(DLClientBuilder builder) {
        DLClient c = builder.clientId("test").backoff(Duration.ofMillis(5), Duration.ofMillis(200)).build();
        closeables.add(c);
        return c;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(30, TimeUnit.SECONDS);
    }

    private static Throwable failure(CompletableFuture<?> f) {
        try {
            f.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            return Futures.unwrap(e);
        }
        throw new AssertionError("expected a failure, got " + f.join());
    }

    private static String closedPortAddress() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return "127.0.0.1:" + s.getLocalPort();
        }
    }

    private static List<ProxyEndpoint> writers(String... addresses) {
        List<ProxyEndpoint> out = new ArrayList<>();
        for (String a : addresses) {
            out.add(new ProxyEndpoint(ServerRole.WRITE_PROXY, a));
        }
        return out;
    }

    @Test
    void everyOperationShouldReturnWhatTheProxyAnswered() throws Exception {
        ScriptedProxy a = proxy();
        DLClient client = client(a.address());
        assertThat(get(client.write("orders", bytes("x")))).isEqualTo(new DLSN(1, 0, 0));
        assertThat(get(client.writeBulk("orders", List.of(bytes("a"), bytes("b")))))
                .containsExactly(new DLSN(1, 1, 0), new DLSN(1, 1, 1));
        get(client.truncate("orders", new DLSN(1, 1, 0)));
        get(client.create("orders"));
        get(client.delete("orders"));
        get(client.release("orders"));
        assertThat(get(client.getOwner("orders"))).isEqualTo(a.address());
        assertThat(a.received()).extracting(r -> r.opcode().name())
                .containsExactly("WRITE", "WRITE_BULK", "TRUNCATE", "CREATE", "DELETE", "RELEASE", "GET_OWNER");
    }

    @Test
    void writeShouldReachTheOwnerWhenBootstrappedOnTheWrongProxy() throws Exception {
        ScriptedProxy a = proxy();
        ScriptedProxy b = proxy();
        a.members(() -> writers(a.address(), b.address()));
        b.members(() -> writers(a.address(), b.address()));
        a.script((p, r) -> ErrorResponse.found(r.requestId(), r.opcodeValue(), "orders", b.address()));
        DLClient client = client(a.address());
        get(client.write("orders", bytes("first")));
        int seenByA = a.received().size();
        List<CompletableFuture<DLSN>> more = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            more.add(client.write("orders", bytes("w" + i)));
        }
        for (CompletableFuture<DLSN> f : more) {
            get(f);
        }
        assertThat(b.writes()).hasSize(21).startsWith("first");
        assertThat(a.received()).as("the ownership cache sends later writes straight to the owner").hasSize(seenByA);
    }

    @Test
    void redirectsShouldStopAtTheBoundWhenProxiesPointAtEachOther() throws Exception {
        ScriptedProxy a = proxy();
        ScriptedProxy b = proxy();
        a.script((p, r) -> ErrorResponse.found(r.requestId(), r.opcodeValue(), "orders", b.address()));
        b.script((p, r) -> ErrorResponse.found(r.requestId(), r.opcodeValue(), "orders", a.address()));
        DLClient client = client(DLClient.builder().proxies(a.address()).maxRedirects(4));
        Throwable t = failure(client.write("orders", bytes("x")));
        assertThat(t).isInstanceOf(NotOwnerException.class);
        assertThat(a.received().size() + b.received().size()).isEqualTo(5);
        assertThat(DLClient.isIndeterminate(t)).isFalse();
    }

    @Test
    void writesShouldKeepCallOrderWhenOwnershipMovesMidStream() throws Exception {
        ScriptedProxy a = proxy();
        ScriptedProxy b = proxy();
        AtomicInteger served = new AtomicInteger();
        List<String> acceptedByA = new java.util.concurrent.CopyOnWriteArrayList<>();
        a.script((p, r) -> {
            // a serves whole requests (coalesced ones are bulk writes) until 50 records, then redirects for good
            List<String> records = ScriptedProxy.payloads(r);
            if (served.get() >= 0 && served.get() + records.size() <= 50) {
                served.addAndGet(records.size());
                acceptedByA.addAll(records);
                return null;
            }
            served.set(-1);
            return ErrorResponse.found(r.requestId(), r.opcodeValue(), "orders", b.address());
        });
        DLClient client = client(a.address());
        List<CompletableFuture<DLSN>> futures = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            futures.add(client.write("orders", bytes(Integer.toString(i))));
        }
        for (CompletableFuture<DLSN> f : futures) {
            get(f);
        }
        List<String> log = new ArrayList<>(acceptedByA);
        log.addAll(b.writes());
        assertThat(log).containsExactlyElementsOf(
                IntStream.range(0, 300).mapToObj(Integer::toString).collect(Collectors.toList()));
    }

    @Test
    void rejectedWriteShouldFailInsteadOfBeingRetriedBehindALaterAcknowledgedWrite() throws Exception {
        ScriptedProxy a = proxy();
        a.script((p, r) -> r instanceof Write w && new String(w.payload(), StandardCharsets.UTF_8).equals("0")
                ? ErrorResponse.of(r.requestId(), r.opcodeValue(), StatusCode.OVER_CAPACITY, "busy") : null);
        // pipelined (coalescing off): "1" is sent, and acknowledged, while "0" is being rejected
        DLClient client = client(DLClient.builder().proxies(a.address()).coalesce(1, 1024));
        CompletableFuture<DLSN> first = client.write("orders", bytes("0"));
        CompletableFuture<DLSN> second = client.write("orders", bytes("1"));
        assertThat(get(second)).isNotNull();
        Throwable t = failure(first);
        assertThat(t).isInstanceOf(OverCapacityException.class);
        assertThat(DLClient.isIndeterminate(t)).as("a rejection wrote nothing").isFalse();
        assertThat(a.writes()).containsExactly("0", "1");
    }

    @Test
    void writesCancelledBehindAFailedWriteShouldBeRetriedInCallOrder() throws Exception {
        // the proxy's writer fails on "0" (outcome unknown) and cancels "1" and "2", which it never sent: those
        // wrote nothing, so the client sends them again, in order, rather than failing them to the application
        ScriptedProxy a = proxy();
        Set<String> cancelled = ConcurrentHashMap.newKeySet();
        a.script((p, r) -> {
            if (!(r instanceof Write w)) {
                return null;
            }
            String payload = new String(w.payload(), StandardCharsets.UTF_8);
            if (payload.equals("0")) {
                return ErrorResponse.of(r.requestId(), r.opcodeValue(), StatusCode.BK_TRANSMIT_ERROR, "bookies");
            }
            return cancelled.add(payload) ? ErrorResponse.of(r.requestId(), r.opcodeValue(),
                    StatusCode.WRITE_CANCELLED_EXCEPTION, "an earlier write failed") : null;
        });
        DLClient client = client(DLClient.builder().proxies(a.address()).coalesce(1, 1024));
        CompletableFuture<DLSN> first = client.write("orders", bytes("0"));
        CompletableFuture<DLSN> second = client.write("orders", bytes("1"));
        CompletableFuture<DLSN> third = client.write("orders", bytes("2"));
        assertThat(get(second)).isNotNull();
        assertThat(get(third)).isNotNull();
        assertThat(DLClient.isIndeterminate(failure(first))).isTrue();
        assertThat(a.writes()).containsExactly("0", "1", "2", "1", "2");
    }

    @Test
    void overCapacityShouldBeRetriedWithBackoffUntilAccepted() throws Exception {
        ScriptedProxy a = proxy();
        AtomicInteger calls = new AtomicInteger();
        a.script((p, r) -> calls.incrementAndGet() <= 3
                ? ErrorResponse.of(r.requestId(), r.opcodeValue(), StatusCode.OVER_CAPACITY, "busy") : null);
        DLClient client = client(a.address());
        assertThat(get(client.write("orders", bytes("x")))).isNotNull();
        assertThat(a.writes()).hasSize(4);
    }

    @Test
    void drainingProxyShouldBeAvoidedForNewRequests() throws Exception {
        ScriptedProxy a = proxy();
        ScriptedProxy b = proxy();
        a.members(() -> writers(a.address(), b.address()));
        b.members(() -> writers(a.address(), b.address()));
        a.script((p, r) -> ErrorResponse.of(r.requestId(), r.opcodeValue(), StatusCode.SERVICE_UNAVAILABLE,
                "draining"));
        DLClient client = client(a.address());
        List<CompletableFuture<DLSN>> futures = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            futures.add(client.write("s" + i, bytes("x")));
        }
        for (CompletableFuture<DLSN> f : futures) {
            get(f);
        }
        assertThat(b.writes()).hasSize(40);
    }

    @Test
    void streamUnavailableShouldSendTheRetryToAnotherProxy() throws Exception {
        ScriptedProxy a = proxy();
        ScriptedProxy b = proxy();
        a.members(() -> writers(a.address(), b.address()));
        b.members(() -> writers(a.address(), b.address()));
        // a lost every stream it took (its writers cannot reach the bookies) and keeps answering so
        a.script((p, r) -> ErrorResponse.of(r.requestId(), r.opcodeValue(), StatusCode.STREAM_UNAVAILABLE,
                "stream failed on this proxy (WRITE_EXCEPTION); retry"));
        DLClient client = client(DLClient.builder().proxies(a.address()).maxRedirects(3));
        List<CompletableFuture<DLSN>> futures = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            futures.add(client.write("s" + i, bytes("x")));
        }
        for (CompletableFuture<DLSN> f : futures) {
            get(f);
        }
        assertThat(b.writes()).hasSize(40);
        assertThat(a.writes()).hasSizeLessThanOrEqualTo(40); // at most one try each
    }

    @Test
    void connectionLostAfterSendShouldFailAsUnknownOutcomeWithoutRetry() throws Exception {
        ScriptedProxy a = proxy();
        ScriptedProxy b = proxy();
        a.members(() -> writers(a.address(), b.address()));
        a.script((p, r) -> ScriptedProxy.DROP);
        DLClient client = client(a.address());
        Throwable t = failure(client.write("orders", bytes("x")));
        assertThat(t).isInstanceOf(OutcomeUnknownException.class);
        assertThat(((DLException) t).code()).isEqualTo(StatusCode.WRITE_EXCEPTION);
        assertThat(DLClient.isIndeterminate(t)).isTrue();
        assertThat(a.writes()).containsExactly("x");
        assertThat(b.received()).isEmpty();
    }

    @Test
    void unreachableRingMemberShouldBeSkippedForItsStreams() throws Exception {
        String dead = closedPortAddress();
        ScriptedProxy b = proxy();
        b.members(() -> writers(dead, b.address()));
        DLClient client = client(dead + "," + b.address());
        List<CompletableFuture<DLSN>> futures = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            futures.add(client.write("s" + i, bytes("x")));
        }
        for (CompletableFuture<DLSN> f : futures) {
            get(f);
        }
        assertThat(b.writes()).hasSize(30);
    }

    @Test
    void noReachableProxyShouldFailWithServiceUnavailableNamingEveryAddress() throws Exception {
        String one = closedPortAddress();
        String two = closedPortAddress();
        DLClient client = client(DLClient.builder().proxies(one + "," + two).maxRedirects(3));
        Throwable t = failure(client.write("orders", bytes("x")));
        assertThat(t).isInstanceOf(DLException.class);
        assertThat(((DLException) t).code()).isEqualTo(StatusCode.SERVICE_UNAVAILABLE);
        assertThat(t.getMessage()).contains("no proxy reachable").contains(one).contains(two);
        assertThat(DLClient.isIndeterminate(t)).isFalse();
    }

    @Test
    void requestTimeoutShouldFailAnUnansweredWriteAsUnknownOutcome() throws Exception {
        ScriptedProxy a = proxy();
        a.script((p, r) -> ScriptedProxy.SILENT);
        DLClient client = client(DLClient.builder().proxies(a.address()).requestTimeout(Duration.ofMillis(500)));
        Throwable t = failure(client.write("orders", bytes("x")));
        assertThat(((DLException) t).code()).isEqualTo(StatusCode.TIMEOUT);
        assertThat(DLClient.isIndeterminate(t)).isTrue();
    }

    @Test
    void closeShouldFailPendingCallsAndStopTheClientsThreads() throws Exception {
        ScriptedProxy a = proxy();
        a.script((p, r) -> ScriptedProxy.SILENT);
        DLClient client = DLClient.builder().proxies(a.address()).build();
        CompletableFuture<DLSN> pendingWrite = client.write("orders", bytes("x"));
        CompletableFuture<Void> pendingCreate = client.create("other");
        await().atMost(Duration.ofSeconds(20)).until(() -> a.received().size() == 2);
        client.close();
        for (CompletableFuture<?> f : List.of(pendingWrite, pendingCreate)) {
            Throwable t = failure(f);
            assertThat(((DLException) t).code()).isEqualTo(StatusCode.CLIENT_CLOSED);
        }
        assertThat(((DLException) failure(client.write("orders", bytes("y")))).code())
                .isEqualTo(StatusCode.CLIENT_CLOSED);
        client.close();
    }

    @Test
    void invalidStreamNameShouldFailBeforeAnythingIsSent() throws Exception {
        ScriptedProxy a = proxy();
        DLClient client = client(a.address());
        assertThat(failure(client.write("../etc", bytes("x")))).isInstanceOf(InvalidStreamNameException.class);
        assertThat(failure(client.create(""))).isInstanceOf(InvalidStreamNameException.class);
        assertThat(a.received()).isEmpty();
    }

    @Test
    void releaseShouldFollowARedirectToTheOwner() throws Exception {
        ScriptedProxy a = proxy();
        ScriptedProxy b = proxy();
        a.script((p, r) -> ErrorResponse.found(r.requestId(), r.opcodeValue(), "orders", b.address()));
        DLClient client = client(a.address());
        get(client.release("orders"));
        assertThat(a.received()).singleElement().isInstanceOf(Release.class);
        assertThat(b.received()).singleElement().isInstanceOf(Release.class);
    }

    @Test
    void bulkWritesShouldKeepCallOrderAcrossARedirect() throws Exception {
        ScriptedProxy a = proxy();
        ScriptedProxy b = proxy();
        a.script((p, r) -> ErrorResponse.found(r.requestId(), r.opcodeValue(), "orders", b.address()));
        DLClient client = client(a.address());
        List<CompletableFuture<List<DLSN>>> futures = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            futures.add(client.writeBulk("orders", List.of(bytes(i + "a"), bytes(i + "b"))));
        }
        for (CompletableFuture<List<DLSN>> f : futures) {
            assertThat(get(f)).hasSize(2);
        }
        List<String> firsts = new ArrayList<>();
        for (var r : b.received()) {
            firsts.add(new String(((WriteBulk) r).payloads().get(0), StandardCharsets.UTF_8));
        }
        assertThat(firsts).containsExactlyElementsOf(
                IntStream.range(0, 50).mapToObj(i -> i + "a").collect(Collectors.toList()));
    }

    @Test
    void writeShouldFailWithTooLargeRecordBeforeSendingWhenItsFrameExceedsTheLimit() throws Exception {
        ScriptedProxy a = proxy();
        DLClient client = client(DLClient.builder().proxies(a.address()).maxFrameBytes(1024));
        // 44 bytes of header and body around the payload: 980 bytes make a frame of exactly 1024
        io.netty.buffer.ByteBuf frame = io.netty.buffer.Unpooled.buffer();
        io.dlog.protocol.wire.MessageEncoder.encode(Write.of(1, "orders", new byte[980]), frame, true);
        assertThat(frame.readableBytes() - 4).isEqualTo(1024);
        frame.release();
        assertThat(get(client.write("orders", new byte[980]))).isNotNull();
        assertThat(failure(client.write("orders", new byte[981]))).isInstanceOf(TooLargeRecordException.class);
        assertThat(failure(client.writeBulk("orders", List.of(new byte[500], new byte[500]))))
                .isInstanceOf(TooLargeRecordException.class);
        assertThat(a.writes()).hasSize(1);
    }

    @Test
    void answersShouldReachTheirCallsWhenTheProxyAnswersOutOfOrder() throws Exception {
        ScriptedProxy a = proxy();
        a.script((p, r) -> ScriptedProxy.SILENT);
        DLClient client = client(a.address());
        CompletableFuture<DLSN> one = client.write("one", bytes("1"));
        CompletableFuture<DLSN> two = client.write("two", bytes("2"));
        CompletableFuture<String> owner = client.getOwner("three");
        await().atMost(Duration.ofSeconds(20)).until(() -> a.received().size() == 3);
        java.util.Map<String, Long> ids = new java.util.HashMap<>();
        for (io.dlog.protocol.wire.Request r : a.received()) {
            ids.put(((io.dlog.protocol.wire.StreamRequest) r).stream(), r.requestId());
        }
        a.respond(new io.dlog.protocol.wire.GetOwnerResponse(ids.get("three"), "h:3"));
        a.respond(new io.dlog.protocol.wire.WriteResponse(ids.get("two"), new DLSN(2, 0, 0)));
        a.respond(new io.dlog.protocol.wire.WriteResponse(ids.get("one"), new DLSN(1, 0, 0)));
        assertThat(get(owner)).isEqualTo("h:3");
        assertThat(get(two)).isEqualTo(new DLSN(2, 0, 0));
        assertThat(get(one)).isEqualTo(new DLSN(1, 0, 0));
    }

    @Test
    void getOwnerAnswerShouldRouteLaterWritesToTheOwnerItNames() throws Exception {
        ScriptedProxy a = proxy();
        ScriptedProxy b = proxy();
        a.script((p, r) -> r instanceof io.dlog.protocol.wire.GetOwner
                ? new io.dlog.protocol.wire.GetOwnerResponse(r.requestId(), b.address()) : null);
        DLClient client = client(a.address());
        assertThat(get(client.getOwner("orders"))).isEqualTo(b.address());
        get(client.write("orders", bytes("x")));
        assertThat(b.writes()).containsExactly("x");
        assertThat(a.writes()).isEmpty();
    }
}
