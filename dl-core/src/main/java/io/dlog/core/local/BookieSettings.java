package io.dlog.core.local;

import io.dlog.core.DLConfigKeys;
import java.nio.file.Path;
import org.apache.bookkeeper.bookie.SortedLedgerStorage;
import org.apache.bookkeeper.conf.ServerConfiguration;

/**
 * The server configuration of one local bookie: loopback only, small memory footprint, no HTTP server, no
 * stats, no autorecovery. Stateless.
 */
final class BookieSettings {

    private static final int MIB = 1024 * 1024;

    private BookieSettings() {
    }

    /**
     * Builds the configuration of a bookie.
     *
     * @param metadataServiceUri the cluster's metadata service uri
     * @param port               the bookie port; with the loopback address it is the bookie's identity
     * @param journalDir         the journal directory
     * @param ledgersDir         the entry log and index directory
     * @param fsync              whether the journal is fsynced before an add is acknowledged
     */
    static ServerConfiguration create(String metadataServiceUri, int port, Path journalDir, Path ledgersDir,
                                      boolean fsync) {
        ServerConfiguration conf = new ServerConfiguration();
        conf.setMetadataServiceUri(metadataServiceUri);

        // Loopback: bind and advertise 127.0.0.1. A listening interface makes the bookie bind its advertised
        // address instead of 0.0.0.0; allowLoopback lets a loopback address be a bookie id.
        conf.setBookiePort(port);
        conf.setListeningInterface("lo");
        conf.setAdvertisedAddress(LocalCluster.LOOPBACK);
        conf.setAllowLoopback(true);
        conf.setUseHostNameAsBookieID(false);

        conf.setJournalDirName(journalDir.toString());
        conf.setLedgerDirNames(new String[] {ledgersDir.toString()});
        // SortedLedgerStorage needs no RocksDB (DbLedgerStorage does, and rocksdbjni is not on the classpath).
        conf.setLedgerStorageClass(SortedLedgerStorage.class.getName());
        conf.setJournalSyncData(fsync);

        conf.setHttpServerEnabled(false);
        conf.setAutoRecoveryDaemonEnabled(false);
        conf.setStatisticsEnabled(false);
        conf.setDataIntegrityCheckingEnabled(false);
        // The frame limit every dlog client assumes by default (bookkeeper.frame.max.bytes), set explicitly so the
        // two stay consistent: a larger entry than this is rejected at config build, never sent.
        conf.setNettyMaxFrameSizeBytes(DLConfigKeys.BK_FRAME_MAX_BYTES.defaultValue());

        applySmallFootprint(conf);
        return conf;
    }

    private static void applySmallFootprint(ServerConfiguration conf) {
        // Threads: the defaults (2 x cores I/O threads, 8 read workers, ...) are sized for a dedicated host.
        conf.setServerNumIOThreads(2);
        conf.setNumAddWorkerThreads(1);
        conf.setNumReadWorkerThreads(2);
        conf.setNumHighPriorityWorkerThreads(1);
        conf.setNumLongPollWorkerThreads(0);

        // Memory: memtable, index page cache and file-info cache default to sizes derived from the JVM limits.
        conf.setSkipListSizeLimit(16 * MIB);
        conf.setSkipListArenaChunkSize(MIB);
        conf.setPageLimit(1024);
        conf.setFileInfoCacheInitialCapacity(64);
        conf.setOpenFileLimit(1000);
        conf.setWriteBufferBytes(64 * 1024);
        conf.setReadBufferBytes(4 * 1024);
        conf.setEntryLogSizeLimit(64L * MIB);

        // Disk: a developer's nearly full disk should not turn local bookies read-only at 95 %.
        conf.setDiskUsageThreshold(0.99f);
        conf.setDiskUsageWarnThreshold(0.98f);
        conf.setDiskLowWaterMarkUsageThreshold(0.98f);

        conf.setGcWaitTime(10_000);
    }
}
