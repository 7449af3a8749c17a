package io.dlog.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.dlog.protocol.DLException;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.LogRecord;
import io.dlog.protocol.LogRecordWithDLSN;
import io.dlog.protocol.StatusCode;
import io.dlog.protocol.wire.ErrorResponse;
import io.dlog.protocol.wire.OpenReader;
import io.dlog.protocol.wire.Opcode;
import io.dlog.protocol.wire.ProxyEndpoint;
import io.dlog.protocol.wire.ReadCredit;
import io.dlog.protocol.wire.ReadPosition;
import io.dlog.protocol.wire.ReadRecords;
import io.dlog.protocol.wire.ReaderOpened;
import io.dlog.protocol.wire.Request;
import io.dlog.protocol.wire.ServerRole;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link StreamReader} against an in-process server of the protocol that plays a read proxy. */
class StreamReaderTest {
    private ScriptedProxy proxy;
    private DLClient client;

    @BeforeEach
    void setUp() throws Exception {
        proxy = new ScriptedProxy();
        proxy.members(() -> List.of(new ProxyEndpoint(ServerRole.READ_PROXY, proxy.address())));
        client = DLClient.builder().proxies(proxy.address()).readerWindow(4, 1 << 20)
                .requestTimeout(Duration.ofSeconds(20)).backoff(Duration.ofMillis(5), Duration.ofMillis(50)).build();
    }

    @AfterEach
    void tearDown() {
        client.close();
        proxy.close();
    }

    private static LogRecordWithDLSN rec(long entry, long slot) {
        return new LogRecordWithDLSN(new DLSN(1, entry, slot), entry * 10 + slot,
                ("r" + entry + ":" + slot).getBytes(StandardCharsets.UTF_8), LogRecord.FLAG_NONE);
    }

    private List<OpenReader> opens() {
        List<OpenReader> out = new ArrayList<>();
        for (Request r : proxy.received()) {
            if (r instanceof OpenReader o) {
                out.add(o);
            }
        }
        return out;
    }

    private OpenReader awaitOpen(int n) {
        await().atMost(Duration.ofSeconds(20)).until(() -> opens().size() >= n);
        return opens().get(n - 1);
    }

    @Test
    void readerShouldDeliverEachRecordOnceAndGrantCreditAsTheApplicationReads() throws Exception {
        StreamReader r = client.openReader("orders", DLSN.INITIAL).get(20, TimeUnit.SECONDS);
        OpenReader open = awaitOpen(1);
        assertThat(open.dlsn()).isEqualTo(DLSN.INITIAL);
        assertThat(open.creditRecords()).isEqualTo(4);
        proxy.respond(new ReadRecords(open.requestId(), List.of(rec(0, 0), rec(0, 1), rec(0, 2))));
        // a batch that repeats what was received is not delivered twice
        proxy.respond(new ReadRecords(open.requestId(), List.of(rec(0, 2), rec(1, 0))));
        List<LogRecordWithDLSN> got = new ArrayList<>();
        while (got.size() < 4) {
            got.addAll(r.readBulk(10).get(20, TimeUnit.SECONDS));
        }
        assertThat(got).containsExactly(rec(0, 0), rec(0, 1), rec(0, 2), rec(1, 0));
        await().atMost(Duration.ofSeconds(20)).until(() -> proxy.received().stream()
                .anyMatch(q -> q instanceof ReadCredit c && c.readerId() == open.requestId() && c.records() >= 2));
    }

    @Test
    void readerShouldReopenJustAfterTheLastReceivedRecordWhenItsConnectionDrops() throws Exception {
        StreamReader r = client.openReader("orders", new DLSN(1, 0, 0)).get(20, TimeUnit.SECONDS);
        OpenReader first = awaitOpen(1);
        proxy.respond(new ReadRecords(first.requestId(), List.of(rec(0, 0), rec(0, 1), rec(0, 2))));
        assertThat(r.readNext().get(20, TimeUnit.SECONDS)).isEqualTo(rec(0, 0));
        await().atMost(Duration.ofSeconds(20)).until(() -> proxy.received().size() >= 1);
        proxy.dropLastConnection();
        OpenReader second = awaitOpen(2);
        assertThat(second.dlsn()).as("resumes after the last record received").isEqualTo(new DLSN(1, 0, 3));
        assertThat(second.creditRecords()).as("the window less what is still buffered").isEqualTo(2);
        proxy.respond(new ReadRecords(second.requestId(), List.of(rec(1, 0))));
        List<LogRecordWithDLSN> got = new ArrayList<>();
        while (got.size() < 3) {
            got.addAll(r.readBulk(10).get(20, TimeUnit.SECONDS));
        }
        assertThat(got).containsExactly(rec(0, 1), rec(0, 2), rec(1, 0));
    }

    @Test
    void readerAtTheTailShouldReopenAtTheStartItsProxyResolvedWhenItsConnectionDropsBeforeARecord() throws Exception {
        DLSN resolved = new DLSN(3, 18, 0);
        proxy.script((p, req) -> req instanceof OpenReader o && o.position() == ReadPosition.TAIL
                ? new ReaderOpened(o.requestId(), resolved) : null);
        StreamReader r = client.openReader("orders", ReadFrom.TAIL).get(20, TimeUnit.SECONDS);
        OpenReader first = awaitOpen(1);
        assertThat(first.position()).isEqualTo(ReadPosition.TAIL);
        assertThat(first.subscription()).isEmpty();
        proxy.dropLastConnection();
        OpenReader second = awaitOpen(2);
        assertThat(second.position()).as("not a new tail: records written meanwhile would be skipped")
                .isEqualTo(ReadPosition.DLSN);
        assertThat(second.dlsn()).isEqualTo(resolved);
        LogRecordWithDLSN rec = new LogRecordWithDLSN(resolved, 7, "x".getBytes(StandardCharsets.UTF_8),
                LogRecord.FLAG_NONE);
        proxy.respond(new ReadRecords(second.requestId(), List.of(rec)));
        assertThat(r.readNext().get(20, TimeUnit.SECONDS)).isEqualTo(rec);
    }

    @Test
    void readerFromTheFirstOrLastRecordShouldSendThatPositionWithoutADlsnOrTxid() throws Exception {
        client.openReader("orders", ReadFrom.FIRST).get(20, TimeUnit.SECONDS);
        client.openReader("orders", ReadFrom.LAST).get(20, TimeUnit.SECONDS);
        assertThat(awaitOpen(2)).satisfies(o -> assertThat(o.position()).isEqualTo(ReadPosition.LAST));
        assertThat(opens()).extracting(OpenReader::position).containsExactly(ReadPosition.FIRST, ReadPosition.LAST);
        assertThat(opens()).allSatisfy(o -> {
            assertThat(o.dlsn()).isEqualTo(DLSN.INVALID);
            assertThat(o.txid()).isEqualTo(-1);
        });
    }

    @Test
    void readerEndedByTheProxyShouldFailAfterTheRecordsItReceivedWithTheCoreStatusCode() throws Exception {
        StreamReader r = client.openReader("orders", DLSN.INITIAL).get(20, TimeUnit.SECONDS);
        OpenReader open = awaitOpen(1);
        proxy.respond(new ReadRecords(open.requestId(), List.of(rec(0, 0))));
        proxy.respond(ErrorResponse.of(open.requestId(), Opcode.READER_END.value(), StatusCode.END_OF_STREAM,
                "end of stream"));
        assertThat(r.readNext().get(20, TimeUnit.SECONDS)).isEqualTo(rec(0, 0));
        assertThatThrownBy(() -> r.readNext().get(20, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(io.dlog.protocol.EndOfStreamException.class);
    }

    @Test
    void openRefusedWithAFinalCodeShouldFailWithThatCode() {
        proxy.script((p, req) -> req instanceof OpenReader o ? ErrorResponse.of(o.requestId(),
                Opcode.OPEN_READER.value(), StatusCode.LOG_NOT_FOUND, "log orders does not exist") : null);
        assertThatThrownBy(() -> client.openReader("orders", 5L).get(20, TimeUnit.SECONDS))
                .cause().isInstanceOfSatisfying(DLException.class,
                        e -> assertThat(e.code()).isEqualTo(StatusCode.LOG_NOT_FOUND));
        assertThat(opens()).singleElement().satisfies(o -> assertThat(o.txid()).isEqualTo(5));
    }

    @Test
    void closedReaderShouldFailPendingReadsAsCancelledAndTellTheProxy() throws Exception {
        StreamReader r = client.openReader("orders", DLSN.INITIAL).get(20, TimeUnit.SECONDS);
        var pending = r.readNext();
        r.asyncClose().get(20, TimeUnit.SECONDS);
        assertThatThrownBy(() -> pending.get(20, TimeUnit.SECONDS)).cause().isInstanceOfSatisfying(
                DLException.class, e -> assertThat(e.code()).isEqualTo(StatusCode.READ_CANCELLED_EXCEPTION));
        assertThat(proxy.received()).anyMatch(q -> q instanceof io.dlog.protocol.wire.CloseReader);
    }
}
