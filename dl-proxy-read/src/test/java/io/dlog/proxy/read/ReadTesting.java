package io.dlog.proxy.read;

import io.dlog.client.StreamReader;
import io.dlog.core.AsyncLogWriter;
import io.dlog.core.DLConfig;
import io.dlog.core.DLConfigKeys;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.LogRecord;
import io.dlog.protocol.LogRecordWithDLSN;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** Helpers shared by the read proxy tests. */
final class ReadTesting {
    private ReadTesting() {
    }

    /** dl-core settings for tests: a short flush interval. */
    static DLConfig dlConfig() {
        return DLConfig.builder().set(DLConfigKeys.FLUSH_INTERVAL_MS, 1L).build();
    }

    /** dl-core settings for tests, with a ZooKeeper session timeout. */
    static DLConfig dlConfig(long sessionTimeoutMs) {
        return DLConfig.builder().set(DLConfigKeys.FLUSH_INTERVAL_MS, 1L)
                .set(DLConfigKeys.ZK_SESSION_TIMEOUT_MS, sessionTimeoutMs).build();
    }

    /** A read proxy on ephemeral ports. */
    static ReadProxy startProxy(URI uri, ReadProxyConfig config) throws Exception {
        return startProxy(uri, config, dlConfig());
    }

    /** A read proxy on ephemeral ports with these dl-core settings. */
    static ReadProxy startProxy(URI uri, ReadProxyConfig config, DLConfig core) throws Exception {
        return ReadProxy.builder().uri(uri).dlConfig(core).config(config.toBuilder()
                .set(ReadProxyConfigKeys.PORT, 0).set(ReadProxyConfigKeys.ADMIN_PORT, 0).build()).start();
    }

    static byte[] payload(int i) {
        return ("record-" + i).getBytes(StandardCharsets.UTF_8);
    }

    static String text(LogRecordWithDLSN r) {
        return new String(r.payload(), StandardCharsets.UTF_8);
    }

    /** Writes records {@code from}..{@code to - 1} and returns their positions. */
    static List<DLSN> write(AsyncLogWriter w, int from, int to) {
        List<CompletableFuture<DLSN>> fs = new ArrayList<>();
        for (int i = from; i < to; i++) {
            fs.add(w.write(LogRecord.of(payload(i))));
        }
        List<DLSN> out = new ArrayList<>();
        for (CompletableFuture<DLSN> f : fs) {
            out.add(f.join());
        }
        return out;
    }

    /** The number of BookKeeper entries that hold these positions. */
    static int entries(List<DLSN> positions) {
        Set<String> e = new HashSet<>();
        for (DLSN d : positions) {
            e.add(d.segmentSequenceNumber() + ":" + d.entryId());
        }
        return e.size();
    }

    /** Reads {@code n} records with readBulk, asynchronously. */
    static CompletableFuture<List<LogRecordWithDLSN>> readN(StreamReader r, int n) {
        return readN(r, n, 100, batch -> { });
    }

    /**
     * Reads {@code n} records with readBulk of at most {@code batchSize}, asynchronously, telling {@code onBatch} of
     * each batch as it arrives (to commit its last record, say).
     */
    static CompletableFuture<List<LogRecordWithDLSN>> readN(StreamReader r, int n, int batchSize,
            Consumer<List<LogRecordWithDLSN>> onBatch) {
        List<LogRecordWithDLSN> out = new ArrayList<>(n);
        CompletableFuture<List<LogRecordWithDLSN>> done = new CompletableFuture<>();
        step(r, n, batchSize, onBatch, out, done);
        return done;
    }

    private static void step(StreamReader r, int n, int batchSize, Consumer<List<LogRecordWithDLSN>> onBatch,
            List<LogRecordWithDLSN> out, CompletableFuture<List<LogRecordWithDLSN>> done) {
        if (out.size() >= n) {
            done.complete(out);
            return;
        }
        r.readBulk(Math.min(batchSize, n - out.size())).whenComplete((batch, t) -> {
            if (t != null) {
                done.completeExceptionally(t);
            } else {
                out.addAll(batch);
                onBatch.accept(batch);
                step(r, n, batchSize, onBatch, out, done);
            }
        });
    }

    /** Raw frame bytes: header (version 1, no flags) then body. */
    static byte[] frame(int opcode, long requestId, byte[] body) {
        ByteBuffer b = ByteBuffer.allocate(16 + body.length);
        b.putInt(12 + body.length).put((byte) 1).put((byte) opcode).putShort((short) 0).putLong(requestId).put(body);
        return b.array();
    }

    /** An OPEN_READER body at DLSN 1:0:0 with the given credit. */
    static byte[] openBody(String stream, int records, long bytes) {
        byte[] name = stream.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(2 + name.length + 1 + 24 + 8 + 4 + 8 + 2);
        b.putShort((short) name.length).put(name).put((byte) 1).putLong(1).putLong(0).putLong(0).putLong(-1)
                .putInt(records).putLong(bytes).putShort((short) 0);
        return b.array();
    }

    /** A READ_CREDIT body. */
    static byte[] creditBody(int records, long bytes) {
        return ByteBuffer.allocate(12).putInt(records).putLong(bytes).array();
    }
}
