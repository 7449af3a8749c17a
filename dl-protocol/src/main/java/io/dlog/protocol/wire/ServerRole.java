package io.dlog.protocol.wire;

/** What a server of the protocol is; the handshake answer names it and the role of each live proxy. */
public enum ServerRole {
    /** A write proxy: owns streams and writes them. */
    WRITE_PROXY(1),
    /** A read proxy: serves readers and subscriptions (issue 15). */
    READ_PROXY(2);

    private final int value;

    ServerRole(int value) {
        this.value = value;
    }

    /** Returns the byte value on the wire. */
    public int value() {
        return value;
    }

    /**
     * Decodes a role byte.
     *
     * @param value the byte value
     * @return the role, or null when unknown
     */
    public static ServerRole fromValue(int value) {
        for (ServerRole r : values()) {
            if (r.value == value) {
                return r;
            }
        }
        return null;
    }
}
