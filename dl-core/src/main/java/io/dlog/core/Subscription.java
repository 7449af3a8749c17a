package io.dlog.core;

import io.dlog.protocol.DLSN;
import io.dlog.protocol.InvalidArgumentException;
import java.util.Objects;
import java.util.Optional;

/**
 * A durable subscription of a log and its committed position. Immutable and thread-safe.
 *
 * <p>A subscription name follows the rules of log names: 1 to {@value #MAX_NAME_LENGTH} characters of
 * {@code [A-Za-z0-9._-]}, not starting with {@code .} ({@link #validateName}); it becomes a znode name, so this
 * keeps paths, control characters and look-alikes out.
 *
 * @param name the subscription's name
 * @param position the last position the subscriber committed (the last record it consumed), or empty when a
 *     reader registered the subscription but nothing was committed yet
 */
public record Subscription(String name, Optional<DLSN> position) {
    /** The longest allowed subscription name. */
    public static final int MAX_NAME_LENGTH = 255;

    /**
     * Validates the fields.
     *
     * @throws NullPointerException if a field is null
     */
    public Subscription {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(position, "position");
    }

    /**
     * Checks a subscription name.
     *
     * @param name the candidate
     * @return the name, unchanged
     * @throws InvalidArgumentException (INVALID_ARGUMENT) if it breaks a rule
     */
    public static String validateName(String name) throws InvalidArgumentException {
        if (name == null || name.isEmpty()) {
            throw new InvalidArgumentException("subscription name must not be empty");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw new InvalidArgumentException("subscription name is " + name.length() + " characters; at most "
                    + MAX_NAME_LENGTH + " allowed");
        }
        if (name.charAt(0) == '.') {
            throw new InvalidArgumentException("subscription name must not start with '.'");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-';
            if (!ok) {
                throw new InvalidArgumentException("subscription name has character U+"
                        + String.format("%04X", (int) c) + " at " + i + "; allowed: [A-Za-z0-9._-]");
            }
        }
        return name;
    }

    /** Returns {@code name@seg:entry:slot}, or {@code name@none} before the first commit. */
    @Override
    public String toString() {
        return name + "@" + position.map(DLSN::toString).orElse("none");
    }
}
