package io.dlog.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.bookkeeper.client.api.BookKeeper;
import org.apache.bookkeeper.client.api.DigestType;
import org.apache.bookkeeper.client.api.ReadHandle;
import org.apache.bookkeeper.client.api.WriteHandle;
import org.apache.bookkeeper.conf.ClientConfiguration;

/**
 * The raw BookKeeper baselines: one ledger per log, written with the BookKeeper client directly. Either one
 * entry per record ({@code bk-entry}), or records packed into {@link RecordBatch} entries with the same batch
 * size and flush interval as dlog ({@code bk-batched}): the floor any log library on BookKeeper can reach.
 * No metadata, no locks, no segments.
 */
final class RawBookKeeperSystem implements BenchSystem {

    private static final byte[] PASSWORD = new byte[0];

    private final String name;
    private final BookKeeper bk;
    private final SystemSettings settings;
    private final boolean batched;
    private final ScheduledExecutorService flusher;
    private final Map<String, Long> ledgers = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong records = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong entries = new java.util.concurrent.atomic.AtomicLong();

    private RawBookKeeperSystem(String name, BookKeeper bk, SystemSettings settings, boolean batched) {
        this.name = name;
        this.bk = bk;
        this.settings = settings;
        this.batched = batched;
        this.flusher = batched ? Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name + "-flush");
            t.setDaemon(true);
            return t;
        }) : null;
    }

    /**
     * Starts a BookKeeper client.
     *
     * @param conf     the cluster's client configuration (throttle off)
     * @param settings the shared settings (quorums, batch size, flush interval)
     * @param batched  whether to pack records into batches
     */
    static RawBookKeeperSystem start(ClientConfiguration conf, SystemSettings settings, boolean batched)
            throws Exception {
        return new RawBookKeeperSystem(batched ? "bk-batched" : "bk-entry", BookKeeper.newBuilder(conf).build(),
                settings, batched);
    }

    /**
     * Starts {@code bk-batched-v2}: the batched raw ledger on BookKeeper's v2 wire protocol, the baseline for what
     * that protocol alone brings to reads (dlog reads completed segments on it).
     *
     * @param conf the cluster's client configuration (throttle off); v2 is set on it
     * @param settings the shared settings
     */
    static RawBookKeeperSystem startV2(ClientConfiguration conf, SystemSettings settings) throws Exception {
        conf.setUseV2WireProtocol(true);
        return new RawBookKeeperSystem("bk-batched-v2", BookKeeper.newBuilder(conf).build(), settings, true);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Map<String, String> settings() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("client", "BookKeeper 4.17.3 client API, one ledger per log, digest CRC32C, throttle 0, "
                + (name.endsWith("-v2") ? "v2" : "v3") + " wire protocol");
        out.put("ensemble/writeQuorum/ackQuorum", settings.ensemble() + "/" + settings.writeQuorum() + "/"
                + settings.ackQuorum());
        if (batched) {
            out.put("batch", "length-prefixed records, entry sent at " + settings.batchBytes() + " B or after "
                    + settings.flushIntervalMs() + " ms");
        } else {
            out.put("batch", "none: one entry per record");
        }
        return out;
    }

    @Override
    public LogAppender openAppender(String log) throws Exception {
        WriteHandle handle = bk.newCreateLedgerOp()
                .withEnsembleSize(settings.ensemble())
                .withWriteQuorumSize(settings.writeQuorum())
                .withAckQuorumSize(settings.ackQuorum())
                .withDigestType(DigestType.CRC32C)
                .withPassword(PASSWORD)
                .withCustomMetadata(Map.of("dl-bench-log", log.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .execute().get();
        ledgers.put(log, handle.getId());
        if (batched) {
            return new BatchingLedgerAppender(handle, flusher, settings.batchBytes(), settings.flushIntervalMs(),
                    records, entries);
        }
        return new EntryAppender(handle);
    }

    @Override
    public long[] entryCounters() {
        return batched ? new long[] {records.get(), entries.get()} : null;
    }

    @Override
    public boolean supportsReads() {
        return true;
    }

    @Override
    public boolean supportsTailing() {
        // A raw ledger reader sees entries only up to the last-add-confirmed, which the writer piggybacks on its
        // next add; tailing needs explicit LAC or control records, which is what dlog and DL add on top.
        return false;
    }

    @Override
    public LogReaderHandle openReader(String log) throws Exception {
        Long id = ledgers.get(log);
        if (id == null) {
            throw new IllegalArgumentException("no ledger for log " + log);
        }
        ReadHandle handle = bk.newOpenLedgerOp().withLedgerId(id).withRecovery(false)
                .withDigestType(DigestType.CRC32C).withPassword(PASSWORD).execute().get();
        return new LedgerReader(handle, batched);
    }

    @Override
    public void close() throws Exception {
        if (flusher != null) {
            flusher.shutdownNow();
        }
        bk.close();
    }

    /** One entry per record. */
    private static final class EntryAppender implements LogAppender {
        private final WriteHandle handle;

        EntryAppender(WriteHandle handle) {
            this.handle = handle;
        }

        @Override
        public java.util.concurrent.CompletableFuture<?> append(byte[] payload) {
            return handle.appendAsync(payload);
        }

        @Override
        public void close() throws Exception {
            handle.close();
        }
    }
}
