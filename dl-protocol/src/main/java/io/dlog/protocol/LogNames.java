package io.dlog.protocol;

import java.util.Set;

/**
 * The rules for log (stream) names: 1 to {@value #MAX_LENGTH} characters of {@code [A-Za-z0-9._-]}, not
 * starting with {@code .}, and not one of the names dlog reserves for its own znodes. An allowlist, so a name
 * can never be a path, a control character or a Unicode look-alike. Checked before any ZooKeeper call.
 */
public final class LogNames {
    /** The longest allowed name. */
    public static final int MAX_LENGTH = 255;
    private static final Set<String> RESERVED = Set.of("segments", "lock", "maxtxid", "ledgers", "<default>");

    private LogNames() {
    }

    /**
     * Checks a log name.
     *
     * @param name the candidate
     * @return the name, unchanged
     * @throws InvalidStreamNameException (status {@link StatusCode#INVALID_STREAM_NAME}) if it breaks a rule
     */
    public static String validate(String name) throws InvalidStreamNameException {
        if (name == null || name.isEmpty()) {
            throw new InvalidStreamNameException("log name must not be empty");
        }
        if (name.length() > MAX_LENGTH) {
            throw new InvalidStreamNameException("log name is " + name.length() + " characters; at most "
                    + MAX_LENGTH + " allowed");
        }
        if (name.charAt(0) == '.') {
            throw new InvalidStreamNameException("log name must not start with '.': " + printable(name));
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-';
            if (!ok) {
                throw new InvalidStreamNameException("log name " + printable(name) + " has character U+"
                        + String.format("%04X", (int) c) + " at " + i + "; allowed: [A-Za-z0-9._-]");
            }
        }
        if (RESERVED.contains(name)) {
            throw new InvalidStreamNameException("log name '" + name + "' is reserved");
        }
        return name;
    }

    /** Returns whether the name follows the rules. */
    public static boolean isValid(String name) {
        try {
            validate(name);
            return true;
        } catch (InvalidStreamNameException e) {
            return false;
        }
    }

    private static String printable(String name) {
        StringBuilder sb = new StringBuilder("'");
        name.codePoints().limit(64).forEach(cp -> {
            if (cp >= 0x20 && cp < 0x7f) {
                sb.appendCodePoint(cp);
            } else {
                sb.append(String.format("\\u%04X", cp));
            }
        });
        return sb.append(name.length() > 64 ? "...'" : "'").toString();
    }
}
