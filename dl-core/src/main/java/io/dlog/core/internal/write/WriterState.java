package io.dlog.core.internal.write;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The states of a log's writer and every transition it may make, in one place. A transition not listed here is
 * a bug, and {@link WriterLifecycle#moveTo} refuses it.
 *
 * <pre>
 *   WRITING --roll--> ROLLING --rolled--> WRITING
 *   WRITING --markEndOfStream--> SEALING --sealed--> SEALED --close--> CLOSED
 *   ROLLING --rolled, seal requested--> SEALING
 *   ROLLING --rolled, close requested--> CLOSING
 *   WRITING --close--> CLOSING --segment ended, lock released--> CLOSED
 *   any but CLOSED --failure (fenced, lock lost, BookKeeper error)--> FAILED --close--> CLOSED
 * </pre>
 *
 * A writer that has left WRITING and ROLLING never accepts a write again; one in FAILED or CLOSED never
 * returns to any other state.
 */
enum WriterState {
    /** Accepting writes into the current segment. */
    WRITING,
    /** Ending the current segment and starting the next; writes accepted before a close or seal request queue. */
    ROLLING,
    /** Writing the end-of-stream marker and sealing the log in one metadata transaction. */
    SEALING,
    /** The log is sealed; the writer only waits to be closed. */
    SEALED,
    /** Ending the current segment and releasing the lock. */
    CLOSING,
    /** Done: the lock is released. Terminal. */
    CLOSED,
    /** Failed: no more writes; the lock is released; waits to be closed. */
    FAILED;

    private static final Map<WriterState, Set<WriterState>> NEXT = Map.of(
            WRITING, EnumSet.of(ROLLING, SEALING, CLOSING, FAILED),
            ROLLING, EnumSet.of(WRITING, SEALING, CLOSING, FAILED),
            SEALING, EnumSet.of(SEALED, FAILED),
            SEALED, EnumSet.of(CLOSED, FAILED),
            CLOSING, EnumSet.of(CLOSED, FAILED),
            FAILED, EnumSet.of(CLOSED),
            CLOSED, EnumSet.noneOf(WriterState.class));

    /** Whether the writer may move from this state to {@code next}. */
    boolean canMoveTo(WriterState next) {
        return NEXT.get(this).contains(next);
    }

    /** Whether the writer holds a segment it may send entries to in this state. */
    boolean sendsEntries() {
        return this == WRITING || this == ROLLING || this == SEALING || this == CLOSING;
    }
}
