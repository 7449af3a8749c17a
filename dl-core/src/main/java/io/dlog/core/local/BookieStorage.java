package io.dlog.core.local;

/**
 * How the bookies of a {@link LocalCluster} store entries and their index.
 */
public enum BookieStorage {
    /**
     * BookKeeper's {@code SortedLedgerStorage}: entry logs, and one index file per ledger behind a bounded cache
     * of open files and index pages. Needs no native library. Suits up to a few hundred ledgers being written at
     * once per bookie; beyond about a thousand the index cache thrashes (every add evicts another ledger's page
     * and reopens its file) and the bookie falls behind until it answers "too many requests".
     */
    SORTED,
    /**
     * BookKeeper's {@code DbLedgerStorage}: entry logs behind a write cache, with one RocksDB index for every
     * ledger, as production bookies serving thousands of ledgers run. Needs {@code org.rocksdb:rocksdbjni} on the
     * classpath (dl-core leaves it out; dl-bench has it).
     */
    DB
}
