package io.dlog.core.internal.truncate;

import io.dlog.protocol.DLException;

/**
 * A seam between the metadata steps of truncation, retention and deletion. Production code uses
 * {@link #NONE}; crash tests pass a hook that throws at a chosen step, which stops the operation there exactly as
 * a killed process would (nothing after the step runs). Implementations must be thread-safe.
 */
@FunctionalInterface
public interface PurgeHook {
    /** Does nothing. */
    PurgeHook NONE = (step, log, seq) -> { };

    /**
     * Called after a step has completed.
     *
     * @param step the step
     * @param log the log
     * @param seq the segment concerned, or -1
     * @throws DLException to abandon the operation at this point
     */
    void after(PurgeStep step, String log, long seq) throws DLException;
}
