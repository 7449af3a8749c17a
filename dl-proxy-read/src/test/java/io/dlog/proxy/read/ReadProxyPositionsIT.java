package io.dlog.proxy.read;

import static io.dlog.proxy.read.ReadTesting.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.dlog.client.DLClient;
import io.dlog.client.ReadFrom;
import io.dlog.client.StreamReader;
import io.dlog.core.AsyncLogWriter;
import io.dlog.core.LogManager;
import io.dlog.core.Namespace;
import io.dlog.core.local.LocalCluster;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.LogRecordWithDLSN;
import io.dlog.protocol.StatusCode;
import io.dlog.protocol.wire.AckResponse;
import io.dlog.protocol.wire.ErrorResponse;
import io.dlog.protocol.wire.OpenReader;
import io.dlog.protocol.wire.Opcode;
import io.dlog.protocol.wire.ReadPosition;
import io.dlog.protocol.wire.ReadRecords;
import io.dlog.protocol.wire.ReaderOpened;
import io.dlog.protocol.wire.Response;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Readers that start where the proxy resolves: the first readable record, the last record, the tail. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ReadProxyPositionsIT {
    private static LocalCluster cluster;
    private static URI uri;
    private static Namespace ns;
    private static ReadProxy proxy;
    private static DLClient client;

    @BeforeAll
    static void start() throws Exception {
        cluster = LocalCluster.builder().bookies(3).fsync(false).start();
        uri = cluster.namespaceUri("positions");
        ns = Namespace.builder().uri(uri).config(ReadTesting.dlConfig()).build();
        proxy = ReadTesting.startProxy(uri, ReadProxyConfig.defaults());
        client = DLClient.builder().proxies(proxy.address()).clientId("positions-it").readerWindow(50, 1L << 20)
                .requestTimeout(Duration.ofSeconds(60)).build();
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (ns != null) {
            ns.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private static List<String> texts(List<LogRecordWithDLSN> records) {
        return records.stream().map(ReadTesting::text).toList();
    }

    /** The next frame that is not a pushed record batch (readers opened earlier keep receiving theirs). */
    private static Response answerSkippingRecords(RawWire raw) throws Exception {
        Response r = raw.read();
        while (r instanceof ReadRecords) {
            r = raw.read();
        }
        return r;
    }

    @Test
    void readerFromTheFirstRecordShouldStartAtTheOldestKeptRecordWhenTheLogWasTruncated() throws Exception {
        try (LogManager log = ns.openLog("first");
                AsyncLogWriter w = log.openAsyncLogWriter().get(60, TimeUnit.SECONDS)) {
            List<DLSN> written = ReadTesting.write(w, 0, 10);
            w.truncate(written.get(4)).get(60, TimeUnit.SECONDS);
            StreamReader r = client.openReader("first", ReadFrom.FIRST).get(60, TimeUnit.SECONDS);
            List<LogRecordWithDLSN> got = ReadTesting.readN(r, 6).get(60, TimeUnit.SECONDS);
            assertThat(texts(got)).containsExactly("record-4", "record-5", "record-6", "record-7", "record-8",
                    "record-9");
            assertThat(got.get(0).dlsn()).isEqualTo(written.get(4));
            // and it follows the log like any reader
            ReadTesting.write(w, 10, 12);
            assertThat(texts(ReadTesting.readN(r, 2).get(60, TimeUnit.SECONDS)))
                    .containsExactly("record-10", "record-11");
            r.asyncClose().get(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void readerFromTheTailShouldDeliverOnlyRecordsWrittenAfterItOpened() throws Exception {
        try (LogManager log = ns.openLog("tail");
                AsyncLogWriter w = log.openAsyncLogWriter().get(60, TimeUnit.SECONDS)) {
            ReadTesting.write(w, 0, 5);
            StreamReader r = client.openReader("tail", ReadFrom.TAIL).get(60, TimeUnit.SECONDS);
            CompletableFuture<LogRecordWithDLSN> next = r.readNext();
            assertThat(next).as("nothing before the open is delivered").isNotDone();
            List<DLSN> later = ReadTesting.write(w, 5, 10);
            assertThat(text(next.get(60, TimeUnit.SECONDS))).isEqualTo("record-5");
            List<LogRecordWithDLSN> rest = ReadTesting.readN(r, 4).get(60, TimeUnit.SECONDS);
            assertThat(texts(rest)).containsExactly("record-6", "record-7", "record-8", "record-9");
            assertThat(rest.get(3).dlsn()).isEqualTo(later.get(4));
            r.asyncClose().get(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void readerFromTheLastRecordShouldDeliverTheLastRecordThenTheLaterOnes() throws Exception {
        try (LogManager log = ns.openLog("last");
                AsyncLogWriter w = log.openAsyncLogWriter().get(60, TimeUnit.SECONDS)) {
            List<DLSN> written = ReadTesting.write(w, 0, 5);
            StreamReader r = client.openReader("last", ReadFrom.LAST).get(60, TimeUnit.SECONDS);
            LogRecordWithDLSN first = r.readNext().get(60, TimeUnit.SECONDS);
            assertThat(text(first)).isEqualTo("record-4");
            assertThat(first.dlsn()).isEqualTo(written.get(4));
            ReadTesting.write(w, 5, 7);
            assertThat(texts(ReadTesting.readN(r, 2).get(60, TimeUnit.SECONDS)))
                    .containsExactly("record-5", "record-6");
            r.asyncClose().get(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void readersFromTheFirstOrTheTailOfAnEmptyLogShouldDeliverTheFirstRecordToCome() throws Exception {
        try (LogManager log = ns.openLog("empty");
                AsyncLogWriter w = log.openAsyncLogWriter().get(60, TimeUnit.SECONDS)) {
            StreamReader first = client.openReader("empty", ReadFrom.FIRST).get(60, TimeUnit.SECONDS);
            StreamReader tail = client.openReader("empty", ReadFrom.TAIL).get(60, TimeUnit.SECONDS);
            StreamReader last = client.openReader("empty", ReadFrom.LAST).get(60, TimeUnit.SECONDS);
            ReadTesting.write(w, 0, 3);
            for (StreamReader r : List.of(first, tail, last)) {
                assertThat(texts(ReadTesting.readN(r, 3).get(60, TimeUnit.SECONDS)))
                        .containsExactly("record-0", "record-1", "record-2");
                r.asyncClose().get(60, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void openAtTheTailShouldBeAnsweredWithTheResolvedStartAndADlsnOpenWithAnEmptyAnswer() throws Exception {
        try (LogManager log = ns.openLog("wire");
                AsyncLogWriter w = log.openAsyncLogWriter().get(60, TimeUnit.SECONDS);
                RawWire raw = new RawWire(proxy.address())) {
            List<DLSN> written = ReadTesting.write(w, 0, 4);
            raw.handshake();
            raw.send(OpenReader.at(2, "wire", ReadPosition.TAIL, 10, 1 << 20));
            assertThat(raw.read()).isEqualTo(new ReaderOpened(2, written.get(3).nextSlot()));
            raw.send(OpenReader.at(3, "wire", ReadPosition.FIRST, 10, 1 << 20));
            assertThat(raw.read()).isEqualTo(new ReaderOpened(3, written.get(0)));
            raw.send(OpenReader.atDlsn(4, "wire", written.get(2), 10, 1 << 20));
            assertThat(answerSkippingRecords(raw)).isEqualTo(new AckResponse(4, Opcode.OPEN_READER));
            // a subscription resumes after its committed position, never at the tail
            raw.send(new OpenReader(5, "wire", ReadPosition.TAIL, DLSN.INVALID, -1, 10, 1000, "billing"));
            Response refused = answerSkippingRecords(raw);
            assertThat(refused).isInstanceOfSatisfying(ErrorResponse.class, e -> {
                assertThat(e.requestId()).isEqualTo(5);
                assertThat(e.statusCode()).isEqualTo(StatusCode.INVALID_ARGUMENT);
            });
        }
    }
}
