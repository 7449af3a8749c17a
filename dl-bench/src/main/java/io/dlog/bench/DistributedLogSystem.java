package io.dlog.bench;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.bookkeeper.client.DefaultEnsemblePlacementPolicy;
import org.apache.distributedlog.DLSN;
import org.apache.distributedlog.DistributedLogConfiguration;
import org.apache.distributedlog.LogRecord;
import org.apache.distributedlog.LogRecordWithDLSN;
import org.apache.distributedlog.api.AsyncLogReader;
import org.apache.distributedlog.api.AsyncLogWriter;
import org.apache.distributedlog.api.DistributedLogManager;
import org.apache.distributedlog.api.namespace.Namespace;
import org.apache.distributedlog.api.namespace.NamespaceBuilder;
import org.apache.distributedlog.impl.metadata.BKDLConfig;
import org.apache.distributedlog.metadata.DLMetadata;

/**
 * Apache DistributedLog core 4.17.3, the system dlog re-creates, on the same cluster: its namespace is bound
 * to the cluster's BookKeeper metadata ({@code /ledgers}) the way DL's own test base does it, and it gets the
 * same batch size, flush interval, quorums and segment size as dlog.
 */
final class DistributedLogSystem implements BenchSystem {

    static final String VERSION = "4.17.3";

    private final Namespace namespace;
    private final DistributedLogConfiguration conf;
    private final URI uri;

    private DistributedLogSystem(Namespace namespace, DistributedLogConfiguration conf, URI uri) {
        this.namespace = namespace;
        this.conf = conf;
        this.uri = uri;
    }

    /**
     * Binds a DL namespace on the cluster's ZooKeeper and opens it.
     *
     * @param zkServers   the cluster's ZooKeeper connect string
     * @param ledgersPath the cluster's BookKeeper ledgers root
     * @param path        the namespace path, e.g. {@code /dl-bench}
     */
    static DistributedLogSystem start(String zkServers, String ledgersPath, String path, SystemSettings s)
            throws Exception {
        URI uri = URI.create("distributedlog://" + zkServers + path);
        DLMetadata.create(new BKDLConfig(zkServers, ledgersPath)).create(uri);
        DistributedLogConfiguration conf = configuration(s);
        Namespace ns = NamespaceBuilder.newBuilder().conf(conf).uri(uri).clientId("dl-bench").build();
        return new DistributedLogSystem(ns, conf, uri);
    }

    static DistributedLogConfiguration configuration(SystemSettings s) {
        DistributedLogConfiguration conf = new DistributedLogConfiguration();
        conf.setEnsembleSize(s.ensemble());
        conf.setWriteQuorumSize(s.writeQuorum());
        conf.setAckQuorumSize(s.ackQuorum());
        conf.setOutputBufferSize(s.batchBytes());
        // DL's BKLogSegmentWriter runs its periodic flush at half the configured period
        // (scheduleAtFixedRate(period / 2, period / 2)), so a record waits at most period / 2 for its entry.
        // Twice dlog's flush interval gives both the same longest wait.
        conf.setPeriodicFlushFrequencyMilliSeconds((int) (2 * s.flushIntervalMs()));
        conf.setImmediateFlushEnabled(false);
        conf.setMaxLogSegmentBytes(s.segmentBytes());
        conf.setCreateStreamIfNotExists(true);
        conf.setLockTimeout(5);   // seconds, like dlog's writer.lock.timeout.ms=5000
        // Read-ahead is counted in entries; about 16 MiB of batched entries, read 16 entries at a time.
        conf.setReadAheadMaxRecords(64);
        conf.setReadAheadBatchSize(16);
        // The BK client: same as ours (no throttle; random placement on one host instead of region-aware).
        conf.setProperty("bkc.throttle", 0);
        conf.setProperty("bkc.ensemblePlacementPolicy", DefaultEnsemblePlacementPolicy.class.getName());
        return conf;
    }

    @Override
    public String name() {
        return "dl-" + VERSION;
    }

    @Override
    public Map<String, String> settings() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("client", "org.apache.distributedlog:distributedlog-core:" + VERSION + " at " + uri
                + " (digest CRC32, DL's fixed choice)");
        out.put("ensemble/writeQuorum/ackQuorum", conf.getEnsembleSize() + "/" + conf.getWriteQuorumSize() + "/"
                + conf.getAckQuorumSize());
        out.put("outputBufferSize", String.valueOf(conf.getOutputBufferSize()));
        out.put("periodicFlushFrequencyMilliSeconds", String.valueOf(conf.getPeriodicFlushFrequencyMilliSeconds()));
        out.put("immediateFlushEnabled", String.valueOf(conf.getImmediateFlushEnabled()));
        out.put("maxLogSegmentBytes", String.valueOf(conf.getMaxLogSegmentBytes()));
        out.put("readAheadMaxRecords/batchSize", conf.getReadAheadMaxRecords() + "/" + conf.getReadAheadBatchSize());
        out.put("bkc.throttle", "0");
        return out;
    }

    /**
     * Each DistributedLog writer allocates its output buffer ({@code outputBufferSize}, dlog's batch size here) from
     * direct memory: 10,000 writers of 512 KiB need 5 GiB, and past the JVM's direct memory every flush fails with
     * an OutOfDirectMemoryError that floods the log (26 GB in three minutes). Such runs are skipped, saying so.
     */
    @Override
    public String cannotWrite(int logs) {
        long needed = (long) logs * conf.getOutputBufferSize();
        long max = io.netty.util.internal.PlatformDependent.maxDirectMemory();
        return needed <= max ? null : String.format(java.util.Locale.ROOT,
                "%d writers x %d KiB output buffer = %d MiB of direct memory, over this JVM's %d MiB",
                logs, conf.getOutputBufferSize() >> 10, needed >> 20, max >> 20);
    }

    @Override
    public LogAppender openAppender(String log) throws Exception {
        namespace.createLog(log);
        DistributedLogManager dlm = namespace.openLog(log);
        AsyncLogWriter writer = dlm.openAsyncLogWriter().get(30, TimeUnit.SECONDS);
        return new Appender(dlm, writer);
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
        DistributedLogManager dlm = namespace.openLog(log);
        AsyncLogReader reader = dlm.openAsyncLogReader(DLSN.InitialDLSN).get(30, TimeUnit.SECONDS);
        return new Reader(dlm, reader);
    }

    @Override
    public void close() {
        namespace.close();
    }

    private static final class Appender implements LogAppender {
        private final DistributedLogManager dlm;
        private final AsyncLogWriter writer;
        private long txid;

        Appender(DistributedLogManager dlm, AsyncLogWriter writer) {
            this.dlm = dlm;
            this.writer = writer;
            this.txid = Math.max(0, writer.getLastTxId());   // DL says -999 (INVALID_TXID) for a new log
        }

        @Override
        public CompletableFuture<?> append(byte[] payload) {
            return writer.write(new LogRecord(++txid, payload));
        }

        @Override
        public void close() throws Exception {
            try {
                writer.asyncClose().get(30, TimeUnit.SECONDS);
            } finally {
                dlm.close();
            }
        }
    }

    private static final class Reader implements LogReaderHandle {
        private final DistributedLogManager dlm;
        private final AsyncLogReader reader;

        Reader(DistributedLogManager dlm, AsyncLogReader reader) {
            this.dlm = dlm;
            this.reader = reader;
        }

        @Override
        public CompletableFuture<List<byte[]>> readBulk(int max) {
            return reader.readBulk(max).thenApply(records -> {
                List<byte[]> out = new ArrayList<>(records.size());
                for (LogRecordWithDLSN r : records) {
                    out.add(r.getPayload());
                }
                return out;
            });
        }

        @Override
        public void close() throws Exception {
            try {
                reader.asyncClose().get(30, TimeUnit.SECONDS);
            } finally {
                dlm.close();
            }
        }
    }
}
