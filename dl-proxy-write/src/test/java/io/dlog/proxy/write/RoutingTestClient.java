package io.dlog.proxy.write;

import io.dlog.protocol.StatusCode;
import io.dlog.protocol.wire.ErrorResponse;
import io.dlog.protocol.wire.Response;
import io.dlog.protocol.wire.Write;
import io.dlog.protocol.wire.WriteResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A test producer that writes numbered records to its streams through a set of proxies, one record in flight per
 * stream: follows FOUND to the owner, moves to another proxy when one refuses or cannot be reached, and never
 * resends a record whose outcome is unknown (the connection dropped while it was in flight), so an acknowledged
 * record can appear only once. Records every acknowledgement with its time and proxy. All state lives on one
 * thread.
 */
final class RoutingTestClient implements AutoCloseable {
    /** One acknowledged record. */
    record Ack(long seq, long nanos, String proxy) {
    }

    /** The client's progress on one stream. */
    static final class StreamState {
        final String name;
        final List<Ack> acks = new CopyOnWriteArrayList<>();
        long nextSeq;
        String owner;
        int rotation;

        StreamState(String name) {
            this.name = name;
        }
    }

    private final String id;
    private final List<String> proxies;
    private final ScheduledExecutorService exec;
    private final Map<String, WireClient> conns = new HashMap<>();
    private final Map<String, StreamState> streams = new ConcurrentHashMap<>();
    final List<String> errors = new CopyOnWriteArrayList<>();
    private volatile boolean running = true;

    RoutingTestClient(String id, List<String> proxies, List<String> streamNames) {
        this.id = id;
        this.proxies = new ArrayList<>(proxies);
        this.exec = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "test-client-" + id);
            t.setDaemon(true);
            return t;
        });
        for (String s : streamNames) {
            streams.put(s, new StreamState(s));
        }
    }

    void start() {
        for (StreamState st : streams.values()) {
            exec.execute(() -> send(st));
        }
    }

    Map<String, StreamState> streams() {
        return streams;
    }

    static String payload(String client, String stream, long seq) {
        return client + "|" + stream + "|" + seq;
    }

    private String route(StreamState st) {
        if (st.owner != null) {
            return st.owner;
        }
        return proxies.get(Math.floorMod(st.name.hashCode() + st.rotation, proxies.size()));
    }

    private void send(StreamState st) {
        if (!running) {
            return;
        }
        String addr = route(st);
        WireClient c = conns.get(addr);
        if (c == null || !c.isOpen()) {
            try {
                c = WireClient.connect(addr, id);
                conns.put(addr, c);
            } catch (IOException e) {
                conns.remove(addr);
                moveOn(st, 50);
                return;
            }
        }
        long seq = st.nextSeq;
        byte[] p = payload(id, st.name, seq).getBytes(StandardCharsets.UTF_8);
        c.send(Write.of(c.nextId(), st.name, p)).whenCompleteAsync((r, t) -> onAnswer(st, addr, seq, r, t), exec);
    }

    private void onAnswer(StreamState st, String addr, long seq, Response r, Throwable t) {
        if (t != null) {
            st.nextSeq = seq + 1; // indeterminate: may be in the log; never resent
            moveOn(st, 20);
            return;
        }
        if (r instanceof WriteResponse) {
            st.acks.add(new Ack(seq, System.nanoTime(), addr));
            st.nextSeq = seq + 1;
            send(st);
            return;
        }
        ErrorResponse e = (ErrorResponse) r;
        StatusCode code = e.statusCode();
        if (code == StatusCode.FOUND && !e.owner().isEmpty() && !e.owner().equals(addr)) {
            st.owner = e.owner();
            exec.schedule(() -> send(st), 5, TimeUnit.MILLISECONDS);
        } else if (code.isRetryable() || code == StatusCode.FOUND) {
            moveOn(st, 20);
        } else {
            errors.add(st.name + " seq " + seq + " via " + addr + ": " + e);
            moveOn(st, 100);
        }
    }

    private void moveOn(StreamState st, long delayMillis) {
        st.owner = null;
        st.rotation++;
        if (running) {
            exec.schedule(() -> send(st), delayMillis, TimeUnit.MILLISECONDS);
        }
    }

    /** Stops sending new records (answers to those in flight are still recorded). */
    void stopSending() {
        running = false;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        exec.submit(() -> conns.values().forEach(WireClient::close));
        exec.shutdown();
        exec.awaitTermination(30, TimeUnit.SECONDS);
    }
}
