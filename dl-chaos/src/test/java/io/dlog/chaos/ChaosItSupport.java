package io.dlog.chaos;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** What the chaos ITs share: a fresh run directory, the check that no child JVM is left, the T3 prerequisites. */
final class ChaosItSupport {

    private ChaosItSupport() {
    }

    /**
     * A new, empty run directory under {@code dlog.chaos.outDir} (a run needs a new directory; only this build's
     * run is kept, for inspection).
     */
    static Path freshRunDir(String name) throws IOException {
        Path dir = Path.of(System.getProperty("dlog.chaos.outDir", "target/chaos-it"), name);
        if (Files.exists(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        return Files.createDirectories(dir).toAbsolutePath();
    }

    /** Child JVMs of the harness still alive: the run kills its processes itself, so any here is a harness bug. */
    static long childJvmsAlive() {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().orElse("").contains(ChildMain.class.getName())).count();
    }

    /** Skips the calling test class unless the network tier can run: root, {@code ip} and {@code nft}. */
    static void assumeNetworkTier() throws IOException, InterruptedException {
        Process id = new ProcessBuilder("id", "-u").start();
        String uid = new String(id.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        id.waitFor(10, TimeUnit.SECONDS);
        assumeTrue(uid.equals("0"), "the network tier needs root");
        assumeTrue(onPath("ip") && onPath("nft"), "the network tier needs ip (iproute2) and nft (nftables)");
    }

    private static boolean onPath(String tool) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "")
                .split(File.pathSeparator)));
        dirs.addAll(List.of("/usr/sbin", "/sbin"));
        return dirs.stream().anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, tool)));
    }
}
