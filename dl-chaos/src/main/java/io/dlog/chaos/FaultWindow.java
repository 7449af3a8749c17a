package io.dlog.chaos;

import java.util.Objects;

/**
 * One injected fault, from injection to heal, on the monotonic clock shared by the processes of this host.
 *
 * @param label      what was done, e.g. {@code kill-9 bookie-2}
 * @param startNanos when it was injected ({@code System.nanoTime()})
 * @param endNanos   when it was healed
 */
public record FaultWindow(String label, long startNanos, long endNanos) {

    /** Validates. */
    public FaultWindow {
        Objects.requireNonNull(label, "label");
    }
}
