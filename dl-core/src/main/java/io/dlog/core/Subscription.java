package io.dlog.core;

import io.dlog.protocol.DLSN;
import java.util.Objects;
import java.util.Optional;

/**
 * A durable subscription of a log and its committed position. Immutable and thread-safe.
 *
 * @param name the subscription's name
 * @param position the last position the subscriber committed (the last record it consumed), or empty when a
 *     reader registered the subscription but nothing was committed yet
 */
public record Subscription(String name, Optional<DLSN> position) {
    /**
     * Validates the fields.
     *
     * @throws NullPointerException if a field is null
     */
    public Subscription {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(position, "position");
    }

    /** Returns {@code name@seg:entry:slot}, or {@code name@none} before the first commit. */
    @Override
    public String toString() {
        return name + "@" + position.map(DLSN::toString).orElse("none");
    }
}
