package io.dlog.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The T3 network on its own, with real namespaces, veths, a bridge and nftables: two nodes talk over TCP, a
 * partition cuts them, a one-way drop cuts one direction only, healing restores them, and closing leaves nothing
 * behind. Needs root, {@code ip} and {@code nft} (CI runs as root and {@code .ci/run} installs nftables); skipped
 * otherwise.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class NetnsNetworkIT {

    private static final int PORT = 7070;
    private static final int TIMEOUT_MS = 2_000;

    @BeforeAll
    static void needsRootIpAndNft() throws IOException, InterruptedException {
        ChaosItSupport.assumeNetworkTier();
    }

    @Test
    void partitionShouldBlockTrafficAndHealShouldRestoreItWhenAppliedInANamespace() throws Exception {
        String prefix;
        try (NetnsNetwork net = NetnsNetwork.create(List.of("a", "b"))) {
            prefix = net.layout().prefix();
            assertThat(namespaces()).contains(prefix + "-a", prefix + "-b");
            Process listener = start(net, "a", "tcp-listen", net.host("a"), Integer.toString(PORT));
            try {
                awaitLine(listener, "listening");
                assertThat(run(net, "b", "tcp-connect", net.host("a"))).as("connect before the partition").isZero();

                net.apply("a", NftRules.partition(List.of(net.host("b"))));
                assertThat(run(net, "b", "tcp-connect", net.host("a"))).as("connect across the partition").isOne();

                net.heal("a");
                assertThat(run(net, "b", "tcp-connect", net.host("a"))).as("connect after healing").isZero();
            } finally {
                listener.getOutputStream().close();   // the probe halts when its stdin closes
                listener.waitFor(30, TimeUnit.SECONDS);
            }
        }
        assertThat(namespaces()).noneMatch(n -> n.startsWith(prefix + "-"));
        assertThat(links()).noneMatch(n -> n.startsWith(prefix + "v") || n.equals(prefix + "br"));
    }

    @Test
    void oneWayDropShouldCutOnlyTheOutgoingDirectionWhenAppliedToASender() throws Exception {
        try (NetnsNetwork net = NetnsNetwork.create(List.of("a", "b"))) {
            net.apply("a", NftRules.dropOutgoing(List.of(net.host("b"))));
            assertThat(datagramArrives(net, "b", "a")).as("b -> a is delivered").isTrue();
            assertThat(datagramArrives(net, "a", "b")).as("a -> b is dropped").isFalse();
            net.heal("a");
            assertThat(datagramArrives(net, "a", "b")).as("a -> b after healing").isTrue();
        }
    }

    @Test
    void createShouldGiveConcurrentRunsDistinctSlotsWhenOneIsOpen() throws Exception {
        try (NetnsNetwork one = NetnsNetwork.create(List.of("a"));
             NetnsNetwork two = NetnsNetwork.create(List.of("a"))) {
            assertThat(two.layout().slot()).isNotEqualTo(one.layout().slot());
            assertThat(two.host("a")).isNotEqualTo(one.host("a"));
            assertThat(namespaces()).contains(one.layout().namespace("a"), two.layout().namespace("a"));
        }
    }

    @Test
    void createShouldRemoveLeftoversOfACrashedRunWhenItTakesTheirSlot() throws Exception {
        int slot;
        try (NetnsNetwork probe = NetnsNetwork.create(List.of("a"))) {
            slot = probe.layout().slot();
        }
        String staleNs = "dlc" + slot + "-crashed";
        String staleLink = "dlc" + slot + "v99";
        Shell.run(List.of("ip", "netns", "add", staleNs));
        Shell.run(List.of("ip", "link", "add", staleLink, "type", "bridge"));
        try (NetnsNetwork net = NetnsNetwork.create(List.of("a"))) {
            assumeTrue(net.layout().slot() == slot, "another run took the slot in between");
            assertThat(namespaces()).doesNotContain(staleNs).contains(net.layout().namespace("a"));
            assertThat(links()).doesNotContain(staleLink);
        } finally {
            Shell.tryRun(List.of("ip", "netns", "del", staleNs));
            Shell.tryRun(List.of("ip", "link", "del", staleLink));
        }
    }

    private static boolean datagramArrives(NetnsNetwork net, String from, String to) throws Exception {
        Process listener = start(net, to, "udp-listen", net.host(to), Integer.toString(PORT),
                Integer.toString(3 * TIMEOUT_MS));
        awaitLine(listener, "listening");
        assertThat(run(net, from, "udp-send", net.host(to))).isZero();
        assertThat(listener.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return listener.exitValue() == 0;
    }

    private static int run(NetnsNetwork net, String node, String mode, String host) throws Exception {
        Process p = start(net, node, mode, host, Integer.toString(PORT), Integer.toString(TIMEOUT_MS));
        p.getOutputStream().close();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(mode + " finished").isTrue();
        return p.exitValue();
    }

    private static Process start(NetnsNetwork net, String node, String... probeArgs) throws IOException {
        List<String> cmd = new ArrayList<>(net.launcher(node));
        cmd.addAll(List.of(ProcessHandle.current().info().command().orElse("java"), "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-Djava.net.preferIPv4Stack=true", "-cp", System.getProperty("java.class.path"),
                NetProbe.class.getName()));
        cmd.addAll(List.of(probeArgs));
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static void awaitLine(Process p, String expected) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                return "error: " + e;
            }
        }).get(60, TimeUnit.SECONDS);
        assertThat(line).isEqualTo(expected);
    }

    private static List<String> namespaces() throws IOException {
        return Stream.of(Shell.run(List.of("ip", "netns", "list")).split("\n"))
                .map(l -> l.strip().split(" ", 2)[0]).filter(n -> !n.isEmpty()).toList();
    }

    private static List<String> links() throws IOException {
        return Stream.of(Shell.run(List.of("ip", "-o", "link", "show")).split("\n")).map(l -> l.split(": ", 3))
                .filter(p -> p.length >= 2).map(p -> p[1].split("@", 2)[0].strip()).toList();
    }
}
