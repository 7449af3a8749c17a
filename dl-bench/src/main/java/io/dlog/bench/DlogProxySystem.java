package io.dlog.bench;

import com.codahale.metrics.MetricRegistry;
import io.dlog.client.DLClient;
import io.dlog.core.DLConfig;
import io.dlog.core.DLConfigKeys;
import io.dlog.proxy.write.WriteProxy;
import io.dlog.proxy.write.WriteProxyConfig;
import io.dlog.proxy.write.WriteProxyConfigKeys;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * dlog through its service tier: a {@link DLClient} writing to a write proxy (in this JVM, on loopback) that writes
 * with dl-core, with the same core settings as {@code dlog}. The difference to {@code dlog} is the cost of the
 * client, the wire protocol, one network hop and the proxy.
 */
final class DlogProxySystem implements BenchSystem {
    private final WriteProxy proxy;
    private final DLClient client;
    private final DLConfig config;
    private final MetricRegistry metrics;

    private DlogProxySystem(WriteProxy proxy, DLClient client, DLConfig config, MetricRegistry metrics) {
        this.proxy = proxy;
        this.client = client;
        this.config = config;
        this.metrics = metrics;
    }

    static DlogProxySystem start(URI uri, SystemSettings s) throws Exception {
        DLConfig config = DlogSystem.coreConfig(s);
        MetricRegistry metrics = new MetricRegistry();
        WriteProxyConfig proxyConfig = WriteProxyConfig.builder().set(WriteProxyConfigKeys.PORT, 0)
                .set(WriteProxyConfigKeys.ADMIN_PORT, -1).build();
        WriteProxy proxy = WriteProxy.builder().uri(uri).dlConfig(config).config(proxyConfig).metrics(metrics).start();
        try {
            DLClient client = DLClient.builder().proxies(proxy.address()).clientId("dl-bench")
                    .requestTimeout(Duration.ofSeconds(60)).build();
            return new DlogProxySystem(proxy, client, config, metrics);
        } catch (RuntimeException e) {
            proxy.close();
            throw e;
        }
    }

    @Override
    public String name() {
        return "dlog-proxy";
    }

    @Override
    public Map<String, String> settings() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("client", "dl-client -> write proxy " + proxy.address() + " (loopback, same JVM) -> dlog core");
        out.put("client.coalesce", "single writes queued behind a stream's in-flight request go as one bulk request"
                + " (default bounds: 1000 records, 128 KiB)");
        for (var key : List.of(DLConfigKeys.ENSEMBLE_SIZE, DLConfigKeys.WRITE_QUORUM_SIZE,
                DLConfigKeys.ACK_QUORUM_SIZE, DLConfigKeys.BATCH_MAX_BYTES, DLConfigKeys.FLUSH_INTERVAL_MS,
                DLConfigKeys.MAX_PENDING_BYTES, DLConfigKeys.SEGMENT_MAX_BYTES)) {
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
        return new Appender(client, log);
    }

    @Override
    public boolean supportsReads() {
        return false;
    }

    @Override
    public boolean supportsTailing() {
        return false;
    }

    @Override
    public LogReaderHandle openReader(String log) {
        throw new UnsupportedOperationException("dlog-proxy measures writes; the read proxy is issue 15");
    }

    @Override
    public void close() {
        client.close();
        proxy.close();
    }

    private record Appender(DLClient client, String log) implements LogAppender {
        @Override
        public CompletableFuture<?> append(byte[] payload) {
            return client.write(log, payload);
        }

        @Override
        public void close() throws Exception {
            client.release(log).get();
        }
    }
}
