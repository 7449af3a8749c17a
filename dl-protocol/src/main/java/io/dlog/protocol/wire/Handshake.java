package io.dlog.protocol.wire;

import io.netty.buffer.ByteBufUtil;
import java.util.Arrays;
import java.util.Objects;

/**
 * Opens a connection; the first request on every connection. The server picks the highest version in
 * {@code [minVersion, maxVersion]} it speaks, or answers {@link io.dlog.protocol.StatusCode#UNSUPPORTED_VERSION}.
 *
 * @param requestId the request id
 * @param minVersion the oldest protocol version the client speaks
 * @param maxVersion the newest protocol version the client speaks
 * @param clientId who the client is (for logs and metrics), 1 to 255 UTF-8 bytes
 * @param authMethod the credential scheme, empty for none (room for authentication later)
 * @param authData the credentials for {@code authMethod}, empty for none; owned by this record, never printed
 */
public record Handshake(long requestId, int minVersion, int maxVersion, String clientId, String authMethod,
                        byte[] authData) implements Request {
    /** Validates the fields. */
    public Handshake {
        Request.checkRequestId(requestId);
        if (minVersion < 0 || minVersion > 255 || maxVersion < minVersion || maxVersion > 255) {
            throw new IllegalArgumentException("bad version range [" + minVersion + ", " + maxVersion + "]");
        }
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(authMethod, "authMethod");
        Objects.requireNonNull(authData, "authData");
        if (clientId.isEmpty() || ByteBufUtil.utf8Bytes(clientId) > WireFormat.MAX_CLIENT_ID_BYTES) {
            throw new IllegalArgumentException("client id must be 1 to " + WireFormat.MAX_CLIENT_ID_BYTES
                    + " UTF-8 bytes");
        }
    }

    /** A handshake for this build's version, without credentials. */
    public static Handshake of(long requestId, String clientId) {
        return new Handshake(requestId, WireFormat.MIN_VERSION, WireFormat.VERSION, clientId, "", new byte[0]);
    }

    /**
     * Picks the version a server speaking {@code [serverMin, serverMax]} uses with this client: the highest both
     * speak.
     *
     * @return the version, or -1 when the ranges do not meet (answer {@code UNSUPPORTED_VERSION})
     */
    public int negotiate(int serverMin, int serverMax) {
        int v = Math.min(maxVersion, serverMax);
        return v >= Math.max(minVersion, serverMin) ? v : -1;
    }

    /** {@link #negotiate(int, int)} for this build's versions. */
    public int negotiate() {
        return negotiate(WireFormat.MIN_VERSION, WireFormat.VERSION);
    }

    @Override
    public Opcode opcode() {
        return Opcode.HANDSHAKE;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Handshake h && h.requestId == requestId && h.minVersion == minVersion
                && h.maxVersion == maxVersion && h.clientId.equals(clientId) && h.authMethod.equals(authMethod)
                && Arrays.equals(h.authData, authData);
    }

    @Override
    public int hashCode() {
        return Objects.hash(requestId, minVersion, maxVersion, clientId, authMethod, Arrays.hashCode(authData));
    }

    @Override
    public String toString() {
        return "Handshake[id=" + requestId + ", versions=" + minVersion + ".." + maxVersion + ", client=" + clientId
                + ", auth=" + (authMethod.isEmpty() ? "none" : authMethod) + "]";
    }
}
