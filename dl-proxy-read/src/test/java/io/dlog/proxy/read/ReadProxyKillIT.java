package io.dlog.proxy.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dlog.client.DLClient;
import io.dlog.client.StreamReader;
import io.dlog.core.AsyncLogWriter;
import io.dlog.core.LogManager;
import io.dlog.core.Namespace;
import io.dlog.core.local.LocalCluster;
import io.dlog.core.testing.ChildJvm;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.LogRecordWithDLSN;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A read proxy in its own JVM is killed with {@code kill -9} under 100 readers of 20 streams at different
 * positions: each reader resumes on the other read proxy after the last record it received, with no gap and no
 * duplicate.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ReadProxyKillIT {
    private static final int STREAMS = 20;
    private static final int READERS = 100;
    private static final Duration SHORT_SESSION = Duration.ofSeconds(4);
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

    @Test
    void readersShouldResumeOnAnotherProxyWithoutGapOrDuplicateWhenTheirProxyIsKilled() throws Exception {
        URI uri = cluster.namespaceUri("kill");
        try (ChildJvm child = ChildJvm.start(ReadProxyProcessMain.class, uri.toString());
                ReadProxy local = ReadTesting.startProxy(uri, ReadProxyConfig.defaults());
                Namespace ns = Namespace.builder().uri(uri).config(ReadTesting.dlConfig()).build()) {
            String[] ready = child.awaitLine("ready", 120_000).split(" ");
            String remote = ready[1];
            String remoteAdmin = ready[2];
            await().atMost(Duration.ofSeconds(30)).until(() -> local.liveProxies().size() == 2);
            List<LogManager> logs = new ArrayList<>();
            List<AsyncLogWriter> writers = new ArrayList<>();
            List<List<DLSN>> positions = new ArrayList<>();
            try (DLClient client = DLClient.builder().proxies(remote + "," + local.address()).readerWindow(20, 1 << 20)
                    .requestTimeout(Duration.ofSeconds(90)).build()) {
                for (int s = 0; s < STREAMS; s++) {
                    LogManager log = ns.openLog("s" + s);
                    logs.add(log);
                    AsyncLogWriter w = log.openAsyncLogWriter().get(60, TimeUnit.SECONDS);
                    writers.add(w);
                    positions.add(new ArrayList<>(ReadTesting.write(w, 0, 50)));
                }
                int total = 200;
                List<CompletableFuture<List<LogRecordWithDLSN>>> reads = new ArrayList<>();
                List<Integer> starts = new ArrayList<>();
                for (int i = 0; i < READERS; i++) {
                    int s = i % STREAMS;
                    int start = (i / STREAMS) * 10;
                    StreamReader r = client.openReader("s" + s, positions.get(s).get(start)).get(60, TimeUnit.SECONDS);
                    starts.add(start);
                    reads.add(ReadTesting.readN(r, total - start));
                }
                for (int s = 0; s < STREAMS; s++) {
                    ReadTesting.write(writers.get(s), 50, 100);
                }
                int onRemote = readersOf(remoteAdmin);
                assertThat(onRemote).as("readers on the proxy about to be killed").isGreaterThan(0);
                assertThat(onRemote + local.readers()).isEqualTo(READERS);
                child.kill();
                for (int s = 0; s < STREAMS; s++) {
                    ReadTesting.write(writers.get(s), 100, total);
                }
                for (int i = 0; i < READERS; i++) {
                    List<LogRecordWithDLSN> got = reads.get(i).get(180, TimeUnit.SECONDS);
                    int start = starts.get(i);
                    assertThat(got).hasSize(total - start);
                    for (int k = 0; k < got.size(); k++) {
                        assertThat(ReadTesting.text(got.get(k))).as("reader %d record %d", i, k)
                                .isEqualTo("record-" + (start + k));
                    }
                }
                assertThat(local.readers()).isEqualTo(READERS);
            } finally {
                for (AsyncLogWriter w : writers) {
                    w.close();
                }
                logs.forEach(LogManager::close);
            }
        }
    }

    /**
     * Durable subscriptions on a killed proxy: their read locks stay with its ZooKeeper session until it expires,
     * so the subscribers' reopen on the other proxy is refused LOCKING_EXCEPTION until then, and retried; each then
     * resumes after the last record it received (not its older committed position): no gap, no duplicate.
     */
    @Test
    void subscribersShouldResumeOnAnotherProxyWithoutGapOrDuplicateWhenTheirProxyIsKilled() throws Exception {
        URI uri = cluster.namespaceUri("killsubs");
        int streams = 10;
        int subscribers = 2 * streams;
        int total = 150;
        try (ChildJvm child = ChildJvm.start(ReadProxyProcessMain.class, uri.toString(),
                        Long.toString(SHORT_SESSION.toMillis()));
                ReadProxy local = ReadTesting.startProxy(uri, ReadProxyConfig.defaults());
                Namespace ns = Namespace.builder().uri(uri).config(ReadTesting.dlConfig()).build()) {
            String[] ready = child.awaitLine("ready", 120_000).split(" ");
            String remote = ready[1];
            String remoteAdmin = ready[2];
            await().atMost(Duration.ofSeconds(30)).until(() -> local.liveProxies().size() == 2);
            List<LogManager> logs = new ArrayList<>();
            List<AsyncLogWriter> writers = new ArrayList<>();
            // the request timeout bounds the retries of LOCKING_EXCEPTION: well above the session timeout
            try (DLClient client = DLClient.builder().proxies(remote + "," + local.address()).readerWindow(20, 1 << 20)
                    .requestTimeout(Duration.ofSeconds(60)).build()) {
                for (int s = 0; s < streams; s++) {
                    LogManager log = ns.openLog("t" + s);
                    logs.add(log);
                    AsyncLogWriter w = log.openAsyncLogWriter().get(60, TimeUnit.SECONDS);
                    writers.add(w);
                    ReadTesting.write(w, 0, 50);
                }
                List<StreamReader> readers = new ArrayList<>();
                List<CompletableFuture<List<LogRecordWithDLSN>>> reads = new ArrayList<>();
                for (int i = 0; i < subscribers; i++) {
                    StreamReader r = client.subscribe("t" + (i % streams), "sub" + (i / streams))
                            .get(60, TimeUnit.SECONDS);
                    readers.add(r);
                    reads.add(readCommitting(r, total));
                }
                int onRemote = readersOf(remoteAdmin);
                assertThat(onRemote).as("subscribers on the proxy about to be killed").isGreaterThan(0);
                for (int s = 0; s < streams; s++) {
                    ReadTesting.write(writers.get(s), 50, 100);
                }
                child.kill();
                long killedAt = System.nanoTime();
                for (int s = 0; s < streams; s++) {
                    ReadTesting.write(writers.get(s), 100, total);
                }
                for (int i = 0; i < subscribers; i++) {
                    List<LogRecordWithDLSN> got = reads.get(i).get(180, TimeUnit.SECONDS);
                    assertThat(got).hasSize(total);
                    for (int k = 0; k < total; k++) {
                        assertThat(ReadTesting.text(got.get(k))).as("subscriber %d record %d", i, k)
                                .isEqualTo("record-" + k);
                    }
                }
                long resumedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
                assertThat(resumedMs).as("every subscriber resumed within the session timeout and a few seconds")
                        .isLessThan(SHORT_SESSION.toMillis() + 30_000);
                assertThat(local.readers()).isEqualTo(subscribers);
                // every subscription's lock is held on the surviving proxy now: commits are stored there
                for (int i = 0; i < subscribers; i++) {
                    DLSN last = reads.get(i).join().get(total - 1).dlsn();
                    assertThat(readers.get(i).commit(last).get(60, TimeUnit.SECONDS)).isEqualTo(last);
                    assertThat(logs.get(i % streams).subscriptions().position("sub" + (i / streams))
                            .get(60, TimeUnit.SECONDS)).contains(last);
                }
            } finally {
                for (AsyncLogWriter w : writers) {
                    w.close();
                }
                logs.forEach(LogManager::close);
            }
        }
    }

    /**
     * Reads {@code n} records and commits the last of each batch as it goes (without waiting: a commit made while
     * the reader reconnects fails SERVICE_UNAVAILABLE, and a later one covers it).
     */
    private static CompletableFuture<List<LogRecordWithDLSN>> readCommitting(StreamReader r, int n) {
        return ReadTesting.readN(r, n, 10, batch -> r.commit(batch.get(batch.size() - 1).dlsn()));
    }

    private static int readersOf(String admin) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://" + admin + "/health")).build(), HttpResponse.BodyHandlers.ofString());
        Matcher m = Pattern.compile("\"readers\":(\\d+)").matcher(r.body());
        assertThat(m.find()).as(r.body()).isTrue();
        return Integer.parseInt(m.group(1));
    }
}
