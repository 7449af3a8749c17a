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
    private final AtomicInteger subscriptions = new AtomicInteger();
    private final Counter commits;
    private final Counter commitFailures;
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
        registry.register(P + "subscriptions", (Gauge<Integer>) subscriptions::get);
        commits = registry.counter(P + "subscription_commits");
        commitFailures = registry.counter(P + "subscription_commit_failures");
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

    /**
     * Registers the stream's counter of entries read from BookKeeper, for as long as the stream's feed lives
     * ({@link #removeStream}).
     */
    public Counter streamEntries(String stream) {
        return registry.counter(streamEntriesName(stream));
    }

    /** Unregisters the stream's metrics: its feed closed with its last reader, and it may never be read again. */
    public void removeStream(String stream) {
        registry.remove(streamEntriesName(stream));
    }

    /** Returns the entries read for {@code stream} by its current feed, 0 when it has none. */
    public long streamEntriesRead(String stream) {
        Counter c = registry.getCounters().get(streamEntriesName(stream));
        return c == null ? 0 : c.getCount();
    }

    private static String streamEntriesName(String stream) {
        return P + "stream." + stream + ".entries_read";
    }

    /** A reader took a durable subscription's read lock (+1), or released it (-1). */
    public void subscription(int delta) {
        subscriptions.addAndGet(delta);
    }

    /** Returns the durable subscriptions whose read lock a reader of this proxy holds now. */
    public int subscriptions() {
        return subscriptions.get();
    }

    /** A {@code COMMIT_POSITION} was answered: stored, or refused with an error. */
    public void committed(boolean ok) {
        (ok ? commits : commitFailures).inc();
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
