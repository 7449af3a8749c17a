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
    private static final String DB_LEDGER_STORAGE = "org.apache.bookkeeper.bookie.storage.ldb.DbLedgerStorage";
    private static final String ROCKSDB_CLASS = "org.rocksdb.RocksDB";

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
     * @param storage            how entries and their index are stored
     */
    static ServerConfiguration create(String metadataServiceUri, int port, Path journalDir, Path ledgersDir,
                                      boolean fsync, BookieStorage storage) {
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
        conf.setJournalSyncData(fsync);
        if (storage == BookieStorage.DB) {
            applyDbStorage(conf);
        } else {
            // SortedLedgerStorage needs no RocksDB (rocksdbjni is not on dl-core's classpath).
            conf.setLedgerStorageClass(SortedLedgerStorage.class.getName());
        }

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

    /** Fails with a clear message when {@link BookieStorage#DB} cannot start for want of RocksDB. */
    static void checkRocksDbPresent() {
        try {
            Class.forName(ROCKSDB_CLASS, false, BookieSettings.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("BookieStorage.DB needs org.rocksdb:rocksdbjni on the classpath ("
                    + ROCKSDB_CLASS + " not found)", e);
        }
    }

    private static void applyDbStorage(ServerConfiguration conf) {
        // By name: the class is in bookkeeper-server, but loading it needs RocksDB, checked by the builder.
        conf.setLedgerStorageClass(DB_LEDGER_STORAGE);
        // The write cache (two halves, direct memory) and the read-ahead cache default to a quarter of the JVM's
        // direct memory each, per bookie; several bookies share one JVM here.
        conf.setProperty("dbStorage_writeCacheMaxSizeMb", 64);
        conf.setProperty("dbStorage_readAheadCacheMaxSizeMb", 32);
        conf.setProperty("dbStorage_rocksDB_blockCacheSize", 16L * MIB);
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
