package io.dlog.chaos;

/** The kinds of violation the history checker reports (RELIABILITY.md R-28). */
public enum Anomaly {
    /** An acknowledged write is not in the final log. */
    LOST,
    /** A record in the final log was never written, or its write failed definitely. */
    PHANTOM,
    /** A payload appears more than once in the final log. */
    DUPLICATE,
    /** Records out of order: DLSNs not increasing, txids decreasing, or against a client's or real-time order. */
    REORDER,
    /** An acknowledgement's DLSN holds a different record (or none) in the final log. */
    OFFSET_MISMATCH,
    /** A reader session jumped over records of the final log. */
    SKIP,
    /** A reader session delivered a record again, or went backwards. */
    REPEAT,
    /** A reader delivered a record at a DLSN where the final log has another one, or none. */
    READ_MISMATCH,
    /** Two owners acknowledged writes in the same segment, or their acknowledged runs interleave. */
    OVERLAPPING_OWNERS,
    /** The independent final reads of one log disagree. */
    FINAL_READS_DISAGREE
}
