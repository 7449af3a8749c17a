package io.dlog.chaos;

import java.util.Locale;

/** Where the nodes of a run talk to each other: the T2 and T3 tiers of RELIABILITY.md. */
public enum NetworkMode {
    /** Every node on 127.0.0.1 in the root namespace (T2); no network faults can be injected. */
    LOOPBACK,
    /** One network namespace per node on a bridge, nftables inside each (T3): partitions, drops, loss. */
    NETNS;

    /** The command-line name: {@code loopback} or {@code netns}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a {@link #cliName()}.
     *
     * @throws IllegalArgumentException naming the valid values
     */
    public static NetworkMode parse(String text) {
        for (NetworkMode m : values()) {
            if (m.cliName().equals(text.strip())) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown network '" + text + "'; use loopback or netns");
    }
}
