package io.dlog.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dlog.protocol.DLException;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.Futures;
import io.dlog.protocol.StatusCode;
import io.dlog.protocol.TooLargeRecordException;
import io.dlog.protocol.wire.ErrorResponse;
import io.dlog.protocol.wire.LeakCheck;
import io.dlog.protocol.wire.MessageEncoder;
import io.dlog.protocol.wire.Request;
import io.dlog.protocol.wire.Write;
import io.dlog.protocol.wire.WriteBulk;
import io.dlog.protocol.wire.WriteResponse;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Single-record writes that queue behind an in-flight request of their stream go out together as one bulk request;
 * against a scripted server of the wire protocol that holds the first request back until the test answers it.
 */
@ExtendWith(LeakCheck.class)
@Timeout(60)
class DLClientCoalescingTest {
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    private ScriptedProxy proxy() throws InterruptedException {
        ScriptedProxy p = new ScriptedProxy();
        closeables.add(p);
        return p;
    }

    private DLClient client(DLClientBuilder builder) {
        DLClient c = builder.clientId("test").backoff(Duration.ofMillis(5), Duration.ofMillis(200)).build();
        closeables.add(c);
        return c;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Throwable failure(CompletableFuture<?> f) {
        try {
            f.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            return Futures.unwrap(e);
        }
        throw new AssertionError("expected a failure, got " + f.join());
    }

    /** A script that leaves the first request unanswered (see {@link #answerFirst}) and answers the rest. */
    private static ScriptedProxy.Script holdFirst(ScriptedProxy.Script rest) {
        AtomicBoolean held = new AtomicBoolean();
        return (p, r) -> held.compareAndSet(false, true) ? ScriptedProxy.SILENT : rest.answer(p, r);
    }

    /** Waits for the held first write, then calls {@code more} while it is in flight, then answers it. */
    private static void answerFirst(ScriptedProxy a, Runnable more) {
        await().atMost(Duration.ofSeconds(20)).until(() -> a.received().size() == 1);
        more.run();
        a.respond(new WriteResponse(a.received().get(0).requestId(), new DLSN(7, 0, 0)));
    }

    private static List<CompletableFuture<DLSN>> writes(DLClient client, int from, int to) {
        List<CompletableFuture<DLSN>> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(client.write("orders", bytes(Integer.toString(i))));
        }
        return out;
    }

    private static List<String> range(int from, int to) {
        return IntStream.range(from, to).mapToObj(Integer::toString).collect(Collectors.toList());
    }

    @Test
    void writesShouldGoOutAsOneBulkRequestWhenTheyQueueBehindAnInFlightWrite() throws Exception {
        ScriptedProxy a = proxy().script(holdFirst((p, r) -> null));
        DLClient client = client(DLClient.builder().proxies(a.address()));
        CompletableFuture<DLSN> first = client.write("orders", bytes("0"));
        List<CompletableFuture<DLSN>> rest = new ArrayList<>();
        answerFirst(a, () -> rest.addAll(writes(client, 1, 11)));
        assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo(new DLSN(7, 0, 0));
        List<DLSN> positions = new ArrayList<>();
        for (CompletableFuture<DLSN> f : rest) {
            positions.add(f.get(30, TimeUnit.SECONDS));
        }
        assertThat(a.received()).hasSize(2);
        assertThat(a.received().get(1)).isInstanceOf(WriteBulk.class);
        assertThat(ScriptedProxy.payloads(a.received().get(1))).containsExactlyElementsOf(range(1, 11));
        // the scripted server puts a bulk's records at slots 0, 1, ... of one entry: each call got its own record's
        assertThat(positions).extracting(DLSN::slotId).containsExactlyElementsOf(
                IntStream.range(0, 10).mapToObj(i -> (long) i).collect(Collectors.toList()));
        assertThat(new HashSet<>(positions)).hasSize(10);
    }

    @Test
    void coalescedRequestsShouldStayWithinTheRecordByteAndFrameBounds() throws Exception {
        ScriptedProxy a = proxy().script(holdFirst((p, r) -> null));
        DLClient byCount = client(DLClient.builder().proxies(a.address()).coalesce(4, 1 << 20));
        byCount.write("orders", bytes("0"));
        List<CompletableFuture<DLSN>> rest = new ArrayList<>();
        answerFirst(a, () -> rest.addAll(writes(byCount, 1, 11)));
        CompletableFuture.allOf(rest.toArray(new CompletableFuture<?>[0])).get(30, TimeUnit.SECONDS);
        assertThat(a.received()).extracting(r -> ScriptedProxy.payloads(r).size()).containsExactly(1, 4, 4, 2);
        assertThat(a.writes()).containsExactlyElementsOf(range(0, 11));

        ScriptedProxy b = proxy().script(holdFirst((p, r) -> null));
        // 100-byte records: 104 record bytes each, so at most two in 250 bytes
        DLClient byBytes = client(DLClient.builder().proxies(b.address()).coalesce(1000, 250));
        byBytes.write("orders", new byte[100]);
        List<CompletableFuture<DLSN>> more = new ArrayList<>();
        answerFirst(b, () -> {
            for (int i = 0; i < 5; i++) {
                more.add(byBytes.write("orders", new byte[100]));
            }
        });
        CompletableFuture.allOf(more.toArray(new CompletableFuture<?>[0])).get(30, TimeUnit.SECONDS);
        assertThat(b.received()).extracting(r -> ScriptedProxy.payloads(r).size()).containsExactly(1, 2, 2, 1);

        ScriptedProxy c = proxy().script(holdFirst((p, r) -> null));
        DLClient byFrame = client(DLClient.builder().proxies(c.address()).maxFrameBytes(2048));
        byFrame.write("orders", new byte[500]);
        List<CompletableFuture<DLSN>> large = new ArrayList<>();
        answerFirst(c, () -> {
            for (int i = 0; i < 9; i++) {
                large.add(byFrame.write("orders", new byte[500]));
            }
        });
        CompletableFuture.allOf(large.toArray(new CompletableFuture<?>[0])).get(30, TimeUnit.SECONDS);
        assertThat(c.received()).hasSizeGreaterThan(3);
        for (Request r : c.received()) {
            ByteBuf frame = Unpooled.buffer();
            MessageEncoder.encode(r, frame, true);
            assertThat(frame.readableBytes() - 4).as("frame of %s", r).isLessThanOrEqualTo(2048);
            frame.release();
        }
    }

    @Test
    void bulkWriteCallsShouldNotBeMergedWithSingleWrites() throws Exception {
        ScriptedProxy a = proxy().script(holdFirst((p, r) -> null));
        DLClient client = client(DLClient.builder().proxies(a.address()));
        client.write("orders", bytes("0"));
        List<CompletableFuture<?>> all = new ArrayList<>();
        answerFirst(a, () -> {
            all.add(client.write("orders", bytes("a")));
            all.add(client.writeBulk("orders", List.of(bytes("b"), bytes("c"))));
            all.add(client.write("orders", bytes("d")));
            all.add(client.write("orders", bytes("e")));
        });
        CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])).get(30, TimeUnit.SECONDS);
        assertThat(all.get(1).join()).asList().hasSize(2);
        List<Request> got = a.received();
        assertThat(got).extracting(r -> r.getClass().getSimpleName())
                .containsExactly("Write", "Write", "WriteBulk", "WriteBulk");
        assertThat(got).extracting(ScriptedProxy::payloads)
                .containsExactly(List.of("0"), List.of("a"), List.of("b", "c"), List.of("d", "e"));
    }

    @Test
    void notWrittenFailureOfACoalescedRequestShouldRetryEveryCallInCallOrder() throws Exception {
        AtomicInteger bulks = new AtomicInteger();
        ScriptedProxy a = proxy().script(holdFirst((p, r) -> r instanceof WriteBulk && bulks.incrementAndGet() == 1
                ? ErrorResponse.of(r.requestId(), r.opcodeValue(), StatusCode.OVER_CAPACITY, "busy") : null));
        DLClient client = client(DLClient.builder().proxies(a.address()));
        client.write("orders", bytes("0"));
        List<CompletableFuture<DLSN>> rest = new ArrayList<>();
        answerFirst(a, () -> rest.addAll(writes(client, 1, 6)));
        for (CompletableFuture<DLSN> f : rest) {
            assertThat(f.get(30, TimeUnit.SECONDS)).isNotNull();
        }
        List<String> expected = new ArrayList<>(range(0, 6));
        expected.addAll(range(1, 6));
        assertThat(a.writes()).containsExactlyElementsOf(expected);
    }

    @Test
    void indeterminateFailureOfACoalescedRequestShouldReachEveryCallAsOutcomeUnknown() throws Exception {
        ScriptedProxy a = proxy().script(holdFirst((p, r) -> r instanceof WriteBulk ? ScriptedProxy.DROP : null));
        DLClient client = client(DLClient.builder().proxies(a.address()));
        client.write("orders", bytes("0"));
        List<CompletableFuture<DLSN>> rest = new ArrayList<>();
        answerFirst(a, () -> rest.addAll(writes(client, 1, 6)));
        for (CompletableFuture<DLSN> f : rest) {
            Throwable t = failure(f);
            assertThat(t).isInstanceOf(OutcomeUnknownException.class);
            assertThat(DLClient.isIndeterminate(t)).isTrue();
        }
        assertThat(a.writes()).as("sent once, never retried").containsExactlyElementsOf(range(0, 6));
    }

    @Test
    void requestTimeoutShouldFailWritesQueuedBehindAnUnansweredOne() throws Exception {
        ScriptedProxy a = proxy().script((p, r) -> ScriptedProxy.SILENT);
        DLClient client = client(DLClient.builder().proxies(a.address()).requestTimeout(Duration.ofMillis(500)));
        CompletableFuture<DLSN> first = client.write("orders", bytes("0"));
        await().atMost(Duration.ofSeconds(20)).until(() -> a.received().size() == 1);
        List<CompletableFuture<DLSN>> queued = writes(client, 1, 6);
        for (CompletableFuture<DLSN> f : queued) {
            assertThat(((DLException) failure(f)).code()).isEqualTo(StatusCode.TIMEOUT);
        }
        assertThat(((DLException) failure(first)).code()).isEqualTo(StatusCode.TIMEOUT);
    }

    @Test
    void coalescedRequestRefusedAsTooLargeShouldBeSentAgainRecordByRecord() throws Exception {
        ScriptedProxy a = proxy().script(holdFirst((p, r) -> r instanceof WriteBulk
                ? ErrorResponse.of(r.requestId(), r.opcodeValue(), StatusCode.TOO_LARGE_RECORD, "batch too large")
                : null));
        DLClient client = client(DLClient.builder().proxies(a.address()));
        client.write("orders", bytes("0"));
        List<CompletableFuture<DLSN>> rest = new ArrayList<>();
        answerFirst(a, () -> rest.addAll(writes(client, 1, 4)));
        for (CompletableFuture<DLSN> f : rest) {
            assertThat(f.get(30, TimeUnit.SECONDS)).isNotNull();
        }
        assertThat(a.received()).extracting(r -> r.getClass().getSimpleName())
                .containsExactly("Write", "WriteBulk", "Write", "Write", "Write");
        assertThat(a.writes()).containsExactly("0", "1", "2", "3", "1", "2", "3");
    }

    @Test
    void oversizeRecordShouldBeSentAloneAndFailWithTooLargeRecord() throws Exception {
        ScriptedProxy a = proxy().script(holdFirst((p, r) -> r instanceof Write w && w.payload().length > 64
                ? ErrorResponse.of(r.requestId(), r.opcodeValue(), StatusCode.TOO_LARGE_RECORD, "record too large")
                : null));
        DLClient client = client(DLClient.builder().proxies(a.address()).coalesce(1000, 64));
        client.write("orders", bytes("0"));
        List<CompletableFuture<DLSN>> rest = new ArrayList<>();
        answerFirst(a, () -> {
            rest.add(client.write("orders", bytes("a")));
            rest.add(client.write("orders", new byte[100]));
            rest.add(client.write("orders", bytes("c")));
        });
        assertThat(rest.get(0).get(30, TimeUnit.SECONDS)).isNotNull();
        assertThat(failure(rest.get(1))).isInstanceOf(TooLargeRecordException.class);
        assertThat(rest.get(2).get(30, TimeUnit.SECONDS)).isNotNull();
        assertThat(a.received()).extracting(r -> r.getClass().getSimpleName())
                .containsExactly("Write", "Write", "Write", "Write");
    }
}
