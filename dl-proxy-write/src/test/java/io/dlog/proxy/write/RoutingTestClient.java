package io.dlog.proxy.write;

import io.dlog.client.DLClient;
import io.dlog.protocol.DLSN;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A test producer on {@link DLClient}: writes numbered records to its streams, one in flight per stream, and
 * never resends a record whose write failed (its outcome may be unknown), so an acknowledged record can appear only
 * once in the log. Records every acknowledgement with its time and the stream's owner at that time.
 */
final class RoutingTestClient implements AutoCloseable {
    /** One acknowledged record. */
    record Ack(long seq, long nanos, long invokedNanos) {
    }

    /** One write that failed (never resent), when, and why. */
    record Failure(long seq, long nanos, String why) {
    }

    /** The client's progress on one stream. */
    static final class StreamState {
        final String name;
        final List<Ack> acks = new CopyOnWriteArrayList<>();
        final List<Failure> failures = new CopyOnWriteArrayList<>();
        volatile long nextSeq;

        StreamState(String name) {
            this.name = name;
        }
    }

    private final String id;
    private final DLClient client;
    private final ScheduledExecutorService retry;
    private final Map<String, StreamState> streams = new ConcurrentHashMap<>();
    private volatile boolean running = true;

    private final long pauseMillis;

    RoutingTestClient(String id, List<String> proxies, List<String> streamNames) {
        this(id, proxies, streamNames, 0);
    }

    /**
     * @param pauseMillis how long each stream waits after an acknowledgement before its next write (0: at once, the
     *     most the proxies take)
     */
    RoutingTestClient(String id, List<String> proxies, List<String> streamNames, long pauseMillis) {
        this.id = id;
        this.pauseMillis = pauseMillis;
        this.client = DLClient.builder().proxies(String.join(",", proxies)).clientId(id)
                .requestTimeout(Duration.ofSeconds(90)).maxRedirects(100_000)
                .backoff(Duration.ofMillis(10), Duration.ofMillis(500)).build();
        this.retry = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "test-client-retry-" + id);
            t.setDaemon(true);
            return t;
        });
        for (String s : streamNames) {
            streams.put(s, new StreamState(s));
        }
    }

    void start() {
        streams.values().forEach(this::send);
    }

    Map<String, StreamState> streams() {
        return streams;
    }

    DLClient client() {
        return client;
    }

    static String payload(String client, String stream, long seq) {
        return client + "|" + stream + "|" + seq;
    }

    private void send(StreamState st) {
        if (!running) {
            return;
        }
        long seq = st.nextSeq;
        long invoked = System.nanoTime();
        CompletableFuture<DLSN> f = client.write(st.name, payload(id, st.name, seq).getBytes(StandardCharsets.UTF_8));
        f.whenComplete((d, t) -> {
            st.nextSeq = seq + 1; // a failed record is never resent: it may be in the log
            if (t == null) {
                st.acks.add(new Ack(seq, System.nanoTime(), invoked));
                if (pauseMillis == 0) {
                    send(st);
                } else if (running) {
                    retry.schedule(() -> send(st), pauseMillis, TimeUnit.MILLISECONDS);
                }
            } else {
                st.failures.add(new Failure(seq, System.nanoTime(), (DLClient.isIndeterminate(t) ? "unknown: "
                        : "refused: ") + t));
                if (running) {
                    retry.schedule(() -> send(st), 20, TimeUnit.MILLISECONDS);
                }
            }
        });
    }

    /** Stops sending new records. */
    void stopSending() {
        running = false;
    }

    @Override
    public void close() {
        running = false;
        retry.shutdownNow();
        client.close();
    }
}
