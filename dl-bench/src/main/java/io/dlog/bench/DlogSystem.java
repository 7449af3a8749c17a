package io.dlog.bench;

import com.codahale.metrics.MetricRegistry;
import io.dlog.core.AsyncLogReader;
import io.dlog.core.AsyncLogWriter;
import io.dlog.core.DLConfig;
import io.dlog.core.DLConfigKeys;
import io.dlog.core.LogManager;
import io.dlog.core.Namespace;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.LogRecord;
import io.dlog.protocol.LogRecordWithDLSN;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * dlog core, through its public API, with the shared settings: {@code dlog}; or, to measure what BookKeeper's v2
 * wire protocol brings to catch-up reads, {@code dlog-v3} with {@code bookkeeper.read.v2.protocol=false}.
 */
final class DlogSystem implements BenchSystem {

    private final String name;
    private final Namespace namespace;
    private final DLConfig config;
    private final MetricRegistry metrics;

    private DlogSystem(String name, Namespace namespace, DLConfig config, MetricRegistry metrics) {
        this.name = name;
        this.namespace = namespace;
        this.config = config;
        this.metrics = metrics;
    }

    /** dl-core's configuration for the settings every system of a run shares (also the proxy's core). */
    static DLConfig coreConfig(SystemSettings s) {
        return DLConfig.builder()
                .set(DLConfigKeys.ENSEMBLE_SIZE, s.ensemble())
                .set(DLConfigKeys.WRITE_QUORUM_SIZE, s.writeQuorum())
                .set(DLConfigKeys.ACK_QUORUM_SIZE, s.ackQuorum())
                .set(DLConfigKeys.BATCH_MAX_BYTES, s.batchBytes())
                .set(DLConfigKeys.FLUSH_INTERVAL_MS, s.flushIntervalMs())
                .set(DLConfigKeys.SEGMENT_MAX_BYTES, s.segmentBytes())
                .set(DLConfigKeys.READAHEAD_MAX_BYTES, s.readAheadBytes())
                .build();
    }

    static DlogSystem start(URI uri, SystemSettings s) throws Exception {
        return start("dlog", uri, coreConfig(s));
    }

    /** dlog reading everything on BookKeeper's v3 wire protocol, as before {@code bookkeeper.read.v2.protocol}. */
    static DlogSystem startV3(URI uri, SystemSettings s) throws Exception {
        return start("dlog-v3", uri, coreConfig(s).toBuilder().set(DLConfigKeys.BK_READ_V2_PROTOCOL, false).build());
    }

    private static DlogSystem start(String name, URI uri, DLConfig config) throws Exception {
        MetricRegistry metrics = new MetricRegistry();
        return new DlogSystem(name, Namespace.builder().uri(uri).config(config).metrics(metrics).build(), config,
                metrics);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Map<String, String> settings() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("client", "dlog core " + namespace.uri() + " (digest CRC32C)");
        for (var key : List.of(DLConfigKeys.ENSEMBLE_SIZE, DLConfigKeys.WRITE_QUORUM_SIZE,
                DLConfigKeys.ACK_QUORUM_SIZE, DLConfigKeys.BATCH_MAX_BYTES, DLConfigKeys.FLUSH_INTERVAL_MS,
                DLConfigKeys.MAX_PENDING_BYTES, DLConfigKeys.SEGMENT_MAX_BYTES, DLConfigKeys.READAHEAD_MAX_BYTES,
                DLConfigKeys.BK_READ_V2_PROTOCOL)) {
            out.put(key.name(), String.valueOf(config.get(key)));
        }
        return out;
    }

    @Override
    public long[] entryCounters() {
        return new long[] {metrics.meter("dlog.writer.records").getCount(),
            metrics.meter("dlog.writer.entries").getCount()};
    }

    @Override
    public LogAppender openAppender(String log) throws Exception {
        LogManager manager = namespace.openLog(log);
        AsyncLogWriter writer = manager.openAsyncLogWriter().get(30, TimeUnit.SECONDS);
        return new Appender(manager, writer);
    }

    @Override
    public boolean supportsReads() {
        return true;
    }

    @Override
    public boolean supportsTailing() {
        return true;
    }

    @Override
    public LogReaderHandle openReader(String log) throws Exception {
        LogManager manager = namespace.openLog(log);
        AsyncLogReader reader = manager.openAsyncLogReader(DLSN.INITIAL).get(30, TimeUnit.SECONDS);
        return new Reader(manager, reader);
    }

    @Override
    public void close() {
        namespace.close();
    }

    private record Appender(LogManager manager, AsyncLogWriter writer) implements LogAppender {
        @Override
        public CompletableFuture<?> append(byte[] payload) {
            return writer.write(LogRecord.of(payload));
        }

        @Override
        public void close() throws Exception {
            try {
                writer.asyncClose().get(30, TimeUnit.SECONDS);
            } finally {
                manager.close();
            }
        }
    }

    private record Reader(LogManager manager, AsyncLogReader reader) implements LogReaderHandle {
        @Override
        public CompletableFuture<List<byte[]>> readBulk(int max) {
            return reader.readBulk(max).thenApply(records -> {
                List<byte[]> out = new ArrayList<>(records.size());
                for (LogRecordWithDLSN r : records) {
                    out.add(r.payload());
                }
                return out;
            });
        }

        @Override
        public void close() throws Exception {
            try {
                reader.asyncClose().get(30, TimeUnit.SECONDS);
            } finally {
                manager.close();
            }
        }
    }
}
