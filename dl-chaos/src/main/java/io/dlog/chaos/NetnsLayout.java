package io.dlog.chaos;

import java.util.ArrayList;
import java.util.List;

/**
 * The names, addresses and {@code ip} commands of one run's namespaces, as a pure function of its slot and its
 * nodes. Slot {@code s} (0..{@value #SLOTS}-1, one per concurrent run on the machine) owns the subnet
 * {@code 10.213.s.0/24}, the bridge {@code dlcSbr} (holding {@code 10.213.s.1}, the harness's address), the
 * namespaces {@code dlcS-<node>} and the host-side veths {@code dlcSvN}; node {@code N} (in the order given) is
 * {@code 10.213.s.(10+N)} on its namespace's {@code eth0}. Interface names stay within Linux's 15 characters.
 *
 * @param slot  the run's slot
 * @param nodes the node keys, e.g. {@code zk-0}, {@code bookie-1}, {@code client-0}
 */
record NetnsLayout(int slot, List<String> nodes) {

    /** Concurrent runs a machine can hold. */
    static final int SLOTS = 64;
    /** The interface name of a node inside its namespace. */
    static final String NODE_IF = "eth0";

    /** Validates. */
    NetnsLayout {
        nodes = List.copyOf(nodes);
        if (slot < 0 || slot >= SLOTS || nodes.size() > 200 || nodes.stream().distinct().count() != nodes.size()) {
            throw new IllegalArgumentException("bad namespace layout: slot " + slot + ", nodes " + nodes);
        }
    }

    /** The prefix of everything the run creates: {@code dlcS}. */
    String prefix() {
        return "dlc" + slot;
    }

    String bridge() {
        return prefix() + "br";
    }

    /** The harness's address, on the bridge in the root namespace. */
    String hostAddress() {
        return "10.213." + slot + ".1";
    }

    String namespace(String node) {
        return prefix() + "-" + node;
    }

    String address(String node) {
        return "10.213." + slot + "." + (10 + index(node));
    }

    String hostVeth(String node) {
        return prefix() + "v" + index(node);
    }

    private int index(String node) {
        int i = nodes.indexOf(node);
        if (i < 0) {
            throw new IllegalArgumentException("no node " + node + " in " + nodes);
        }
        return i;
    }

    /** The commands that build the bridge, then each node's namespace, veth pair and addresses. */
    List<List<String>> setup() {
        List<List<String>> cmds = new ArrayList<>();
        cmds.add(List.of("ip", "link", "add", bridge(), "type", "bridge"));
        cmds.add(List.of("ip", "addr", "add", hostAddress() + "/24", "dev", bridge()));
        cmds.add(List.of("ip", "link", "set", bridge(), "up"));
        for (String node : nodes) {
            String ns = namespace(node);
            cmds.add(List.of("ip", "netns", "add", ns));
            cmds.add(List.of("ip", "link", "add", hostVeth(node), "type", "veth", "peer", "name", NODE_IF,
                    "netns", ns));
            cmds.add(List.of("ip", "link", "set", hostVeth(node), "master", bridge(), "up"));
            cmds.add(List.of("ip", "-n", ns, "addr", "add", address(node) + "/24", "dev", NODE_IF));
            cmds.add(List.of("ip", "-n", ns, "link", "set", NODE_IF, "up"));
            // Bookies probe their port on 127.0.0.1 before binding; the namespace's loopback starts down.
            cmds.add(List.of("ip", "-n", ns, "link", "set", "lo", "up"));
        }
        return cmds;
    }

    /**
     * The commands that remove everything {@link #setup()} made: deleting a namespace deletes its veth pair and
     * its nftables ruleset; the host-side veths are deleted too in case a namespace was already gone.
     */
    List<List<String>> teardown() {
        List<List<String>> cmds = new ArrayList<>();
        for (String node : nodes) {
            cmds.add(List.of("ip", "netns", "del", namespace(node)));
            cmds.add(List.of("ip", "link", "del", hostVeth(node)));
        }
        cmds.add(List.of("ip", "link", "del", bridge()));
        return cmds;
    }

    /**
     * Whether a namespace ({@code ip netns list}) or link ({@code ip -o link}) name belongs to this slot: the
     * leftovers of a crashed run that held it, removed before the slot is used again.
     */
    boolean owns(String name) {
        return name.startsWith(prefix() + "-") || name.equals(bridge()) || name.matches(prefix() + "v[0-9]+");
    }
}
