package io.dlog.proxy.write.internal.metrics;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import io.dlog.protocol.StatusCode;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * The write proxy's metrics, all under {@code dlog.proxy.write.}:
 * <ul>
 *   <li>{@code requests.<op>}: a timer per operation (count and latency, from arrival to answer);</li>
 *   <li>{@code errors.<op>}: answers other than SUCCESS per operation;</li>
 *   <li>{@code rejected.<code>}: requests refused by a limit (over_capacity, too_many_streams, too_large_record,
 *   malformed_request, malformed_frame);</li>
 *   <li>{@code redirects}: FOUND answers;</li>
 *   <li>{@code streams.owned}, {@code bytes.inflight}, {@code connections}: gauges;</li>
 *   <li>{@code streams.acquired}, {@code streams.released}: ownership changes.</li>
 * </ul>
 * Thread-safe.
 */
public final class WriteProxyMetrics {
    /** Prefix of every name. */
    public static final String PREFIX = "dlog.proxy.write.";

    private final MetricRegistry registry;
    private final ConcurrentHashMap<String, Timer> requests = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Meter> errors = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<StatusCode, Meter> rejected = new ConcurrentHashMap<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final Meter redirects;
    private final Counter acquired;
    private final Counter released;

    /**
     * Registers the metrics.
     *
     * @param registry where they go; borrowed
     * @param streamsOwned reads the number of streams owned (or being acquired)
     * @param bytesInflight reads the bytes accepted and not yet acknowledged
     */
    public WriteProxyMetrics(MetricRegistry registry, LongSupplier streamsOwned, LongSupplier bytesInflight) {
        this.registry = registry;
        registry.register(PREFIX + "streams.owned", (Gauge<Long>) streamsOwned::getAsLong);
        registry.register(PREFIX + "bytes.inflight", (Gauge<Long>) bytesInflight::getAsLong);
        registry.register(PREFIX + "connections", (Gauge<Integer>) connections::get);
        this.redirects = registry.meter(PREFIX + "redirects");
        this.acquired = registry.counter(PREFIX + "streams.acquired");
        this.released = registry.counter(PREFIX + "streams.released");
        for (StatusCode c : new StatusCode[] {StatusCode.OVER_CAPACITY, StatusCode.TOO_MANY_STREAMS,
            StatusCode.TOO_LARGE_RECORD, StatusCode.MALFORMED_REQUEST, StatusCode.MALFORMED_FRAME}) {
            rejected.put(c, registry.meter(PREFIX + "rejected." + c.name().toLowerCase(Locale.ROOT)));
        }
    }

    /**
     * Records one answered request.
     *
     * @param op the operation name (write, bulk, truncate, ...)
     * @param startNanos {@link System#nanoTime()} at arrival
     * @param code the answer
     */
    public void answered(String op, long startNanos, StatusCode code) {
        requests.computeIfAbsent(op, o -> registry.timer(PREFIX + "requests." + o))
                .update(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
        if (code != StatusCode.SUCCESS) {
            errors.computeIfAbsent(op, o -> registry.meter(PREFIX + "errors." + o)).mark();
            if (code == StatusCode.FOUND) {
                redirects.mark();
            }
            Meter m = rejected.get(code);
            if (m != null) {
                m.mark();
            }
        }
    }

    /**
     * Records a request refused before it could be parsed into an operation (a bad frame).
     *
     * @param code MALFORMED_FRAME, MALFORMED_REQUEST, UNKNOWN_OPCODE, ...
     */
    public void refusedFrame(StatusCode code) {
        Meter m = rejected.get(code);
        if (m != null) {
            m.mark();
        }
        errors.computeIfAbsent("frame", o -> registry.meter(PREFIX + "errors." + o)).mark();
    }

    /** Counts an opened connection. */
    public void connectionOpened() {
        connections.incrementAndGet();
    }

    /** Counts a closed connection. */
    public void connectionClosed() {
        connections.decrementAndGet();
    }

    /** Returns the open connections. */
    public int connections() {
        return connections.get();
    }

    /** Counts a stream this proxy took. */
    public void streamAcquired() {
        acquired.inc();
    }

    /** Counts a stream this proxy gave up. */
    public void streamReleased() {
        released.inc();
    }

    /** Returns the registry. */
    public MetricRegistry registry() {
        return registry;
    }
}
