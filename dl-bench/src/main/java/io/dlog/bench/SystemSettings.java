package io.dlog.bench;

/**
 * The settings every system gets, so the comparison is like for like. Immutable.
 *
 * @param ensemble        BookKeeper ensemble size
 * @param writeQuorum     write quorum size
 * @param ackQuorum       ack quorum size
 * @param batchBytes      an entry is sent when its batch reaches this many bytes
 * @param flushIntervalMs ... or when its oldest record has waited this long
 * @param segmentBytes    a segment (ledger) rolls at this size (dlog and DL)
 * @param readAheadBytes  reader read-ahead budget (dlog; DL gets an entry count of the same order)
 */
record SystemSettings(int ensemble, int writeQuorum, int ackQuorum, int batchBytes, long flushIntervalMs,
                      long segmentBytes, long readAheadBytes) {

    /** dlog's defaults: E3/W3/A2, 512 KiB batches, 1 ms flush, 256 MiB segments, 16 MiB read-ahead. */
    static SystemSettings defaults() {
        return new SystemSettings(3, 3, 2, 512 * 1024, 1, 256L * 1024 * 1024, 16L * 1024 * 1024);
    }
}
