package io.dlog.protocol;

/** The lifecycle state of a log segment. */
public enum SegmentState {
    /** Being written by the log's owner; readers read up to its last-add-confirmed. */
    INPROGRESS,
    /** Sealed: its ledger is closed and its last entry, txid and record count are final. */
    COMPLETED,
    /** Released by truncation or retention; its ledger is deleted or about to be. */
    TRUNCATED
}
