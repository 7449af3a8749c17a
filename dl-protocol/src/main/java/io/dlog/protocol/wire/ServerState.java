package io.dlog.protocol.wire;

/** The lifecycle state a server reports in its handshake answer. */
public enum ServerState {
    /** Serving: takes new streams. */
    SERVING(1),
    /** Draining: serves the streams it owns while they finish, takes no new ones. Clients should go elsewhere. */
    DRAINING(2);

    private final int value;

    ServerState(int value) {
        this.value = value;
    }

    /** Returns the byte value on the wire. */
    public int value() {
        return value;
    }

    /**
     * Decodes a state byte.
     *
     * @param value the byte value
     * @return the state, or null when unknown
     */
    public static ServerState fromValue(int value) {
        for (ServerState s : values()) {
            if (s.value == value) {
                return s;
            }
        }
        return null;
    }
}
