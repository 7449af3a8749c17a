package io.dlog.proxy.write;

import io.dlog.protocol.wire.ProxyEndpoint;
import io.dlog.protocol.wire.ServerRole;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;

/**
 * One live proxy as it registered itself under {@code <namespace>/.proxies/<id>} (an ephemeral znode that
 * disappears with the proxy's ZooKeeper session).
 *
 * @param id the znode name, {@code <role>-<host>-<port>}
 * @param role {@code write} or {@code read}
 * @param address where clients connect, {@code host:port}
 * @param adminAddress where {@code /metrics} and {@code /health} are served, {@code host:port}, or empty
 * @param startedMillis when the proxy started (epoch milliseconds)
 */
public record ProxyInfo(String id, String role, String address, String adminAddress, long startedMillis) {
    /** The role of a write proxy. */
    public static final String WRITE = "write";
    /** The role of a read proxy. */
    public static final String READ = "read";

    /** Validates the fields. */
    public ProxyInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(adminAddress, "adminAddress");
    }

    /** Returns the znode data: {@code format=1}, role, address, admin and started, one {@code key=value} a line. */
    public byte[] toBytes() {
        return ("format=1\nrole=" + role + "\naddress=" + address + "\nadmin=" + adminAddress + "\nstarted="
                + startedMillis + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads a registration.
     *
     * @param id the znode name
     * @param data the znode data
     * @return the registration
     * @throws IllegalArgumentException if the data has no role or address
     */
    public static ProxyInfo parse(String id, byte[] data) {
        Properties p = new Properties();
        try {
            p.load(new java.io.StringReader(new String(data, StandardCharsets.UTF_8)));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("unreadable proxy registration " + id, e);
        }
        String role = p.getProperty("role");
        String address = p.getProperty("address");
        if (role == null || address == null) {
            throw new IllegalArgumentException("proxy registration " + id + " lacks role or address");
        }
        long started;
        try {
            started = Long.parseLong(p.getProperty("started", "0"));
        } catch (NumberFormatException e) {
            started = 0;
        }
        return new ProxyInfo(id, role, address, p.getProperty("admin", ""), started);
    }

    /**
     * The proxies a handshake answer lists: every registered proxy with an address, as a wire endpoint.
     *
     * @param proxies the registrations
     * @return the endpoints, in the same order
     */
    public static List<ProxyEndpoint> endpoints(List<ProxyInfo> proxies) {
        List<ProxyEndpoint> out = new ArrayList<>();
        for (ProxyInfo p : proxies) {
            ServerRole role = READ.equals(p.role()) ? ServerRole.READ_PROXY : ServerRole.WRITE_PROXY;
            if (!p.address().isEmpty()) {
                out.add(new ProxyEndpoint(role, p.address()));
            }
        }
        return out;
    }
}
