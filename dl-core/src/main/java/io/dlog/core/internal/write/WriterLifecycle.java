package io.dlog.core.internal.write;

import io.dlog.protocol.AlreadyClosedException;
import io.dlog.protocol.DLException;
import io.dlog.protocol.EndOfStreamException;

/**
 * The writer's state plus the requests that wait for a transition (a close or seal asked for during a roll),
 * and the one rule every write is checked against. Every state change goes through {@link #moveTo}, which
 * refuses a transition {@link WriterState} does not list. Guarded by the writer's monitor; not thread-safe.
 *
 * <p>A close or seal request takes effect for writes at once, whatever the writer is doing: from the moment
 * {@code asyncClose()} or {@code markEndOfStream()} is called, every later write fails ({@code ALREADY_CLOSED},
 * {@code END_OF_STREAM}); the transition itself waits until a roll under way has finished, so the writes
 * accepted before the request are written first.
 */
final class WriterLifecycle {
    private final String logName;
    private WriterState state;
    private boolean closeRequested;
    private boolean sealRequested;
    private DLException failure;

    WriterLifecycle(String logName, WriterState initial) {
        this.logName = logName;
        this.state = initial;
    }

    WriterState state() {
        return state;
    }

    /**
     * Moves to another state.
     *
     * @throws IllegalStateException if {@link WriterState} does not allow the transition
     */
    void moveTo(WriterState next) {
        if (!state.canMoveTo(next)) {
            throw new IllegalStateException("writer of " + logName + " cannot move from " + state + " to " + next);
        }
        state = next;
    }

    /** Moves to FAILED with a cause; returns false (and changes nothing) if already FAILED or CLOSED. */
    boolean fail(DLException cause) {
        if (!state.canMoveTo(WriterState.FAILED)) {
            return false;
        }
        failure = cause;
        moveTo(WriterState.FAILED);
        return true;
    }

    DLException failure() {
        return failure;
    }

    /** Records a close request; returns false if one was made before. */
    boolean requestClose() {
        boolean first = !closeRequested;
        closeRequested = true;
        return first;
    }

    boolean closeRequested() {
        return closeRequested;
    }

    /** Records a seal request; returns false if one was made before. */
    boolean requestSeal() {
        boolean first = !sealRequested;
        sealRequested = true;
        return first;
    }

    boolean sealRequested() {
        return sealRequested;
    }

    /**
     * Why a new write must be refused now, or null if it may be accepted.
     *
     * @return the failure (FAILED), ALREADY_CLOSED (close requested or done), END_OF_STREAM (seal requested or
     *     done), or null
     */
    DLException rejectWrite() {
        if (state == WriterState.FAILED) {
            return failure;
        }
        if (closeRequested || state == WriterState.CLOSING || state == WriterState.CLOSED) {
            return closedError();
        }
        if (sealRequested || state == WriterState.SEALING || state == WriterState.SEALED) {
            return new EndOfStreamException("log " + logName + " is sealed (end of stream); no more writes");
        }
        return null;
    }

    AlreadyClosedException closedError() {
        return new AlreadyClosedException("writer of " + logName + " is closed");
    }
}
