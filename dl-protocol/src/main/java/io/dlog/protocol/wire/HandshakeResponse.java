package io.dlog.protocol.wire;

import java.util.List;
import java.util.Objects;

/**
 * The server's answer to a {@link Handshake}: the version it picked, what it is, its state and the live proxies,
 * so a client needs one bootstrap address to learn the rest.
 *
 * @param requestId the handshake's request id
 * @param version the protocol version the connection speaks from now on
 * @param role what this server is
 * @param state whether it takes new streams
 * @param address this server's own address, {@code host:port}, as it appears in {@code proxies}
 * @param proxies every live proxy (write and read) the server knows, itself included when registered
 */
public record HandshakeResponse(long requestId, int version, ServerRole role, ServerState state, String address,
                                List<ProxyEndpoint> proxies) implements Response {
    /** Validates the fields. */
    public HandshakeResponse {
        Request.checkRequestId(requestId);
        if (version < 0 || version > 255) {
            throw new IllegalArgumentException("version out of range: " + version);
        }
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(address, "address");
        proxies = List.copyOf(proxies);
    }

    @Override
    public int opcodeValue() {
        return Opcode.HANDSHAKE.value();
    }
}
