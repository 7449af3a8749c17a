package io.dlog.core.internal.subscription;

import io.dlog.protocol.InvalidArgumentException;

/**
 * The rules for subscription names, the same allowlist as log names: 1 to {@value #MAX_LENGTH} characters of
 * {@code [A-Za-z0-9._-]}, not starting with {@code .}. A name is a znode name, so this keeps paths, control
 * characters and look-alikes out. Checked before any ZooKeeper call.
 */
public final class SubscriptionNames {
    /** The longest allowed name. */
    public static final int MAX_LENGTH = 255;

    private SubscriptionNames() {
    }

    /**
     * Checks a subscription name.
     *
     * @param name the candidate
     * @return the name, unchanged
     * @throws InvalidArgumentException (INVALID_ARGUMENT) if it breaks a rule
     */
    public static String validate(String name) throws InvalidArgumentException {
        if (name == null || name.isEmpty()) {
            throw new InvalidArgumentException("subscription name must not be empty");
        }
        if (name.length() > MAX_LENGTH) {
            throw new InvalidArgumentException("subscription name is " + name.length() + " characters; at most "
                    + MAX_LENGTH + " allowed");
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
}
