package io.dlog.protocol.wire;

/** Where an {@link OpenReader} starts. */
public enum ReadPosition {
    /** At a DLSN: the first record at or after it. */
    DLSN(1),
    /** At the first record whose txid is at least the given one. */
    TXID(2),
    /** At the first readable record of the log (after the truncation point). */
    FIRST(3),
    /** At the last durable record of the log (included); on an empty log, at the first record to come. */
    LAST(4),
    /**
     * Just after the last durable record of the log: only records that become readable after the open (the
     * default of {@code dlog tail}). Added after {@code LAST}; a proxy that predates it answers INVALID_ARGUMENT.
     */
    TAIL(5);

    private final int value;

    ReadPosition(int value) {
        this.value = value;
    }

    /** Returns the byte value on the wire. */
    public int value() {
        return value;
    }

    /**
     * Decodes a position byte.
     *
     * @param value the unsigned byte
     * @return the position, or null when this version does not know it
     */
    public static ReadPosition fromValue(int value) {
        for (ReadPosition p : values()) {
            if (p.value == value) {
                return p;
            }
        }
        return null;
    }
}
