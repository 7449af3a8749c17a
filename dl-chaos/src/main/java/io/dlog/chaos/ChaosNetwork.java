package io.dlog.chaos;

import java.util.List;

/**
 * The network the nodes of a run live on: the address a node binds and advertises, and how its process is launched.
 * Nodes are named by stable keys ({@code zk-0}, {@code bookie-2}, {@code write-proxy-0}, {@code read-proxy-1},
 * {@code client-0}); a restarted node keeps its key, so its address. Thread-safe.
 */
interface ChaosNetwork extends AutoCloseable {

    /** The IPv4 address node {@code key} binds, advertises, and is reached at (by the harness too). */
    String host(String key);

    /** The command prefix that runs a process as node {@code key}, e.g. {@code ip netns exec ns}; empty on loopback. */
    List<String> launcher(String key);

    /** Removes what the network created; idempotent, never throws. */
    @Override
    void close();

    /** Every node on 127.0.0.1: the T2 tier. */
    static ChaosNetwork loopback() {
        return new ChaosNetwork() {
            @Override
            public String host(String key) {
                return "127.0.0.1";
            }

            @Override
            public List<String> launcher(String key) {
                return List.of();
            }

            @Override
            public void close() {
                // nothing was created
            }
        };
    }
}
