package io.dlog.core.internal;

import io.dlog.core.DLConfig;
import io.dlog.core.DLConfigKeys;
import io.dlog.core.internal.metadata.LogMetadataStore;
import io.dlog.protocol.entry.CompressionCodec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.bookkeeper.client.api.BookKeeper;

/**
 * What every writer and reader of one log needs: the namespace's clients and config, and the log's own
 * ordered executor, which owns all of the log's mutable state.
 *
 * @param namespace the namespace path (for ledger metadata and messages)
 * @param log the log name
 * @param store the metadata store (blocking: call from {@code metadataExecutor})
 * @param bk the BookKeeper client (v3: writes, recovery, the tail's long-polls)
 * @param config the configuration
 * @param executor the log's single-threaded executor
 * @param metadataExecutor the pool for blocking ZooKeeper and recovery calls
 * @param clock the clock that stamps segment times and paces the writer's flushes
 * @param metrics the namespace's metrics
 * @param owner the description written into lock znodes
 * @param adminExecutor the pool for long blocking work that is not a metadata commit (truncation's ledger
 *     deletions, the {@code ...Async} API calls), so that it never delays a roll or a close on
 *     {@code metadataExecutor}
 * @param openExecutor the pool that opens writers (blocking lock, recovery and segment calls), {@code
 *     writer.open.threads} wide, so that a burst of opens (a proxy taking over a dead one's streams) runs in
 *     parallel and never queues rolls and closes behind it on {@code metadataExecutor}
 * @param completedReads the client that reads completed segments ({@link V2ReadClient})
 */
public record LogContext(String namespace, String log, LogMetadataStore store, BookKeeper bk, DLConfig config,
        ScheduledExecutorService executor, ExecutorService metadataExecutor, Clock clock, CoreMetrics metrics,
        String owner, ExecutorService adminExecutor, ExecutorService openExecutor, V2ReadClient completedReads) {

    /** Returns the ledger password bytes. */
    public byte[] ledgerPassword() {
        return config.get(DLConfigKeys.LEDGER_PASSWORD).getBytes(StandardCharsets.UTF_8);
    }

    /** Returns the configured entry compression. */
    public CompressionCodec compression() {
        return switch (config.get(DLConfigKeys.COMPRESSION)) {
            case "lz4" -> CompressionCodec.LZ4;
            case "zstd" -> CompressionCodec.ZSTD;
            default -> CompressionCodec.NONE;
        };
    }

    /** Returns {@code ns/log}, for messages. */
    public String fullName() {
        return namespace + "/" + log;
    }
}
