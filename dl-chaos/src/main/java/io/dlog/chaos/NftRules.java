package io.dlog.chaos;

import java.util.Collection;
import java.util.List;

/**
 * The nftables scripts of the network faults, as pure functions. Each applies to one node's namespace (which has
 * a ruleset of its own) and replaces that namespace's table {@value #TABLE} as a whole, so a script is the
 * complete fault of the node and {@link #heal()} removes it; nothing outside the namespace is touched. Packets are
 * dropped, not rejected, as a cut cable or a lost packet would be: the peers see timeouts, not resets.
 */
final class NftRules {

    /** The family and name of the one table the harness owns in each namespace. */
    static final String TABLE = "inet dlogchaos";

    private NftRules() {
    }

    /** Drops everything to and from {@code peers}: a two-way partition between this node and them. */
    static String partition(Collection<String> peers) {
        return table(List.of("ip saddr " + set(peers) + " drop"), List.of("ip daddr " + set(peers) + " drop"));
    }

    /** Drops what this node sends to {@code peers}; what they send arrives: a one-way partition (this → them). */
    static String dropOutgoing(Collection<String> peers) {
        return table(List.of(), List.of("ip daddr " + set(peers) + " drop"));
    }

    /**
     * Drops {@code percent} % of the TCP segments into and out of this node's service {@code port}, each drawn on
     * its own (nftables' {@code numgen random}): a lossy link on that port.
     */
    static String loss(int port, int percent) {
        if (percent < 1 || percent > 99 || port < 1 || port > 65_535) {
            throw new IllegalArgumentException("loss needs a port and 1..99 %: " + port + ", " + percent);
        }
        String draw = " numgen random mod 100 < " + percent + " drop";
        return table(List.of("tcp dport " + port + draw), List.of("tcp sport " + port + draw));
    }

    /** Removes the table whether or not it exists (declaring a table that exists is a no-op). */
    static String heal() {
        return "table " + TABLE + "\ndelete table " + TABLE + "\n";
    }

    private static String table(List<String> input, List<String> output) {
        StringBuilder s = new StringBuilder(heal()).append("table ").append(TABLE).append(" {\n");
        chain(s, "input", input);
        chain(s, "output", output);
        return s.append("}\n").toString();
    }

    private static void chain(StringBuilder s, String hook, List<String> rules) {
        s.append("  chain ").append(hook).append(" {\n    type filter hook ").append(hook)
                .append(" priority 0; policy accept;\n");
        rules.forEach(r -> s.append("    ").append(r).append('\n'));
        s.append("  }\n");
    }

    private static String set(Collection<String> addresses) {
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("a rule needs at least one peer address");
        }
        return "{ " + String.join(", ", addresses) + " }";
    }
}
