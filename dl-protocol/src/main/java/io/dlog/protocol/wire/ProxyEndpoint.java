package io.dlog.protocol.wire;

import java.util.Objects;

/**
 * A live proxy as the handshake reports it.
 *
 * @param role what it serves
 * @param address where clients reach it, {@code host:port}
 */
public record ProxyEndpoint(ServerRole role, String address) {
    /** Validates the fields. */
    public ProxyEndpoint {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(address, "address");
        if (address.isEmpty()) {
            throw new IllegalArgumentException("proxy address must not be empty");
        }
    }
}
