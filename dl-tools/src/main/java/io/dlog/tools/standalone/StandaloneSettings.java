package io.dlog.tools.standalone;

import io.dlog.core.DLConfig;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What {@link Standalone} starts.
 *
 * @param dataDir where ZooKeeper and the bookies keep their data, kept across restarts
 * @param zkPort the ZooKeeper port (0: the one of the last start on this data dir, else ephemeral)
 * @param bookiePort the first bookie's port (0: the ports of the last start, else ephemeral)
 * @param bookies how many bookies
 * @param fsync whether bookies fsync their journal before acknowledging
 * @param namespace the namespace path to create and serve
 * @param adminAddress the address the admin HTTP endpoint binds to
 * @param adminPort its port (0: ephemeral)
 * @param config the namespace configuration
 */
public record StandaloneSettings(Path dataDir, int zkPort, int bookiePort, int bookies, boolean fsync,
        String namespace, String adminAddress, int adminPort, DLConfig config) {

    /** Checks the values. */
    public StandaloneSettings {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(adminAddress, "adminAddress");
        Objects.requireNonNull(config, "config");
        if (bookies < 1) {
            throw new IllegalArgumentException("--bookies must be at least 1: " + bookies);
        }
        for (int port : new int[] {zkPort, bookiePort, adminPort}) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
        }
    }
}
