package io.dlog.tools.standalone;

import com.codahale.metrics.CachedGauge;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import io.dlog.core.LogManager;
import io.dlog.core.Namespace;
import io.dlog.core.local.LocalCluster;
import io.dlog.protocol.DLException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code dlog.standalone.*} metrics: what is stored in the standalone's namespace, whoever wrote it.
 *
 * <p>dl-core's own {@code dlog.writer.*} / {@code dlog.reader.*} metrics only count work done inside this JVM;
 * a {@code dlog write} in another process has its own registry (and prints its own latencies). These gauges read
 * the namespace's metadata instead, so they also reflect writes made from other processes:
 * <ul>
 *   <li>{@code dlog.standalone.logs}: logs in the namespace;</li>
 *   <li>{@code dlog.standalone.segments}: their segments;</li>
 *   <li>{@code dlog.standalone.records}: readable records over all logs ({@link LogManager#getLogRecordCount()});
 *   -1 if it could not be computed;</li>
 *   <li>{@code dlog.standalone.bookies.running} and {@code dlog.standalone.bookies}: bookie liveness.</li>
 * </ul>
 * The namespace scan is cached for {@value #CACHE_SECONDS} s so scrapes stay cheap. Thread-safe.
 */
final class StandaloneMetrics {
    static final int CACHE_SECONDS = 5;
    private static final int MAX_LOGS_SCANNED = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(StandaloneMetrics.class);

    private StandaloneMetrics() {
    }

    static void register(MetricRegistry registry, Namespace ns, LocalCluster cluster) {
        CachedGauge<Scan> scan = new CachedGauge<>(CACHE_SECONDS, TimeUnit.SECONDS) {
            @Override
            protected Scan loadValue() {
                return StandaloneMetrics.scan(ns);
            }
        };
        registry.register("dlog.standalone.logs", (Gauge<Long>) () -> scan.getValue().logs());
        registry.register("dlog.standalone.segments", (Gauge<Long>) () -> scan.getValue().segments());
        registry.register("dlog.standalone.records", (Gauge<Long>) () -> scan.getValue().records());
        registry.register("dlog.standalone.bookies", (Gauge<Integer>) cluster::bookieCount);
        registry.register("dlog.standalone.bookies.running", (Gauge<Integer>) () -> running(cluster));
    }

    static int running(LocalCluster cluster) {
        int n = 0;
        for (int i = 0; i < cluster.bookieCount(); i++) {
            n += cluster.isBookieRunning(i) ? 1 : 0;
        }
        return n;
    }

    private static Scan scan(Namespace ns) {
        try {
            List<String> logs = ns.getLogs();
            long segments = 0;
            long records = 0;
            for (String name : logs.subList(0, Math.min(logs.size(), MAX_LOGS_SCANNED))) {
                try (LogManager log = ns.openLog(name)) {
                    segments += log.getLogSegments().size();
                    records = records < 0 ? records : add(records, log);
                }
            }
            return new Scan(logs.size(), segments, records);
        } catch (DLException | RuntimeException e) {
            LOG.debug("standalone metrics scan failed", e);
            return new Scan(-1, -1, -1);
        }
    }

    private static long add(long records, LogManager log) {
        try {
            return records + log.getLogRecordCount();
        } catch (DLException | RuntimeException e) {
            LOG.debug("record count of log={} unavailable", log.name(), e);
            return -1;
        }
    }

    private record Scan(long logs, long segments, long records) {
    }
}
