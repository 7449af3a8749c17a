package io.dlog.proxy.read.internal;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import io.dlog.protocol.StatusCode;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * The read proxy's metrics, all named {@code dlog.proxy.read.*} (Prometheus: {@code dlog_proxy_read_*}).
 * Thread-safe.
 */
public final class ReadProxyMetrics {
    private static final String P = "dlog.proxy.read.";

    private final MetricRegistry registry;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger readers = new AtomicInteger();
    private final AtomicInteger catchUps = new AtomicInteger();
    private final Meter recordsSent;
    private final Meter bytesSent;
    private final Counter entriesRead;
    private final Counter opened;

    /**
     * Registers the metrics.
     *
     * @param registry the registry; borrowed
     * @param streams the number of streams with a feed
     * @param cacheBytes the payload bytes held by every stream's cache
     */
    public ReadProxyMetrics(MetricRegistry registry, LongSupplier streams, LongSupplier cacheBytes) {
        this.registry = registry;
        registry.register(P + "connections", (Gauge<Integer>) connections::get);
        registry.register(P + "readers", (Gauge<Integer>) readers::get);
        registry.register(P + "catchup_readers", (Gauge<Integer>) catchUps::get);
        registry.register(P + "streams", (Gauge<Long>) streams::getAsLong);
        registry.register(P + "cache_bytes", (Gauge<Long>) cacheBytes::getAsLong);
        recordsSent = registry.meter(P + "records_sent");
        bytesSent = registry.meter(P + "bytes_sent");
        entriesRead = registry.counter(P + "entries_read");
        opened = registry.counter(P + "readers_opened");
    }

    /** A connection opened. */
    public void connectionOpened() {
        connections.incrementAndGet();
    }

    /** A connection closed. */
    public void connectionClosed() {
        connections.decrementAndGet();
    }

    /** Returns the open connections. */
    public int connections() {
        return connections.get();
    }

    /** A reader was opened (answered with success). */
    public void readerOpened() {
        opened.inc();
        readers.incrementAndGet();
    }

    /** A reader that was opened has ended or was closed. */
    public void readerGone() {
        readers.decrementAndGet();
    }

    /** Returns the readers served now. */
    public int readers() {
        return readers.get();
    }

    /** A catch-up reader started (+1) or stopped (-1). */
    public void catchUp(int delta) {
        catchUps.addAndGet(delta);
    }

    /** Returns the catch-up readers running now. */
    public int catchUps() {
        return catchUps.get();
    }

    /** A batch was pushed. */
    public void sent(int records, long bytes) {
        recordsSent.mark(records);
        bytesSent.mark(bytes);
    }

    /** Returns the stream's counter of entries read from BookKeeper. */
    public Counter streamEntries(String stream) {
        return registry.counter(P + "stream." + stream + ".entries_read");
    }

    /** Entries read from BookKeeper by a core reader of {@code stream}. */
    public void entriesRead(Counter stream, int n) {
        if (n > 0) {
            stream.inc(n);
            entriesRead.inc(n);
        }
    }

    /** A reader ended (or an open was refused) with {@code code}. */
    public void ended(StatusCode code) {
        registry.counter(P + "ended." + code.name().toLowerCase(Locale.ROOT)).inc();
    }
}
