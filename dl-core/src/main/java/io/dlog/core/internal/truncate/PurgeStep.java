package io.dlog.core.internal.truncate;

/** The steps of releasing segments, in order; a {@link PurgeHook} is told after each one (crash tests). */
public enum PurgeStep {
    /** The requested truncation point was recorded in {@code <log>/truncation}. */
    POINT_RECORDED,
    /** The segments to release were read and decided (the plan), before anything is marked. */
    PLANNED,
    /** A batch of segments was marked TRUNCATED (and the holder's first readable position recorded). */
    SEGMENTS_MARKED,
    /** A TRUNCATED segment's ledger was deleted. */
    LEDGER_DELETED,
    /** A TRUNCATED segment's znode was deleted (or reduced to the truncation marker). */
    ZNODE_DELETED
}
