package io.dlog.bench;

import io.dlog.core.local.BookieStorage;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Three bookies and ZooKeeper in a child JVM ({@link ClusterProcessMain}), so that the benchmark JVM's CPU time
 * and garbage belong to the system under test alone: the client's process CPU time per record is then a figure
 * that repeats far better than throughput on a shared machine. The child stops when its standard input closes,
 * so it also stops if this JVM dies.
 */
final class ChildJvmCluster implements ClusterBackend {
    private static final Logger LOG = LoggerFactory.getLogger(ChildJvmCluster.class);
    private static final long START_TIMEOUT_MS = 120_000;
    private static final long STOP_TIMEOUT_MS = 60_000;
    /** A heap for three bookies; the rest of the child's flags are this JVM's (see {@link #inheritedFlags()}). */
    private static final String HEAP_FLAGS = "-Xmx2g -XX:MaxDirectMemorySize=2g -XX:+UseG1GC";

    private final Process process;
    private final ClusterEndpoints endpoints;
    private final Path logFile;

    private ChildJvmCluster(Process process, ClusterEndpoints endpoints, Path logFile) {
        this.process = process;
        this.endpoints = endpoints;
        this.logFile = logFile;
    }

    /**
     * Starts the child and waits until its cluster serves.
     *
     * @param dataDir where the bookies keep their data, or null for a temporary directory the child deletes
     * @param storage how the bookies store entries and their index
     * @param classpath the classpath of the child (this JVM's)
     */
    static ChildJvmCluster start(boolean fsync, Path dataDir, BookieStorage storage, String classpath)
            throws IOException, InterruptedException {
        Path work = Files.createTempDirectory("dl-bench-cluster-");
        Path ready = work.resolve("ready");
        Path logFile = work.resolve("cluster.log");
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String flags = System.getProperty("dlog.bench.clusterJvmFlags");
        if (flags != null && !flags.isBlank()) {
            cmd.addAll(Arrays.asList(flags.trim().split("\\s+")));
        } else {
            cmd.addAll(Arrays.asList(HEAP_FLAGS.split(" ")));
            cmd.addAll(inheritedFlags());
        }
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add(ClusterProcessMain.class.getName());
        cmd.add(ready.toString());
        cmd.add(Boolean.toString(fsync));
        cmd.add(storage.name());
        if (dataDir != null) {
            cmd.add(dataDir.toString());
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(logFile.toFile()).start();
        try {
            ClusterEndpoints endpoints = awaitReady(p, ready, logFile);
            LOG.info("dl-bench cluster started in a child JVM pid={} zk={} log={}", p.pid(), endpoints.zkConnect(),
                    logFile);
            return new ChildJvmCluster(p, endpoints, logFile);
        } catch (IOException | InterruptedException | RuntimeException e) {
            p.destroyForcibly();
            throw e;
        }
    }

    /**
     * BookKeeper's JVM flags (DEPENDENCIES.md gotcha 7: module opens, Netty's reflection, IPv4), taken from this
     * JVM's own arguments, which {@code bin/common.sh} or the build's {@code dlog.jvm.flags} set: one list of flags,
     * written once per launcher, not a third time here.
     */
    private static List<String> inheritedFlags() {
        List<String> args = ManagementFactory.getRuntimeMXBean().getInputArguments();
        List<String> flags = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--add-opens") && i + 1 < args.size()) {
                flags.add(a);
                flags.add(args.get(++i));
            } else if (a.startsWith("--add-opens=") || a.startsWith("-Dio.netty.tryReflectionSetAccessible")
                    || a.startsWith("-Djava.net.preferIPv4Stack")) {
                flags.add(a);
            }
        }
        return flags;
    }

    /** Polls for the ready file the child writes once its cluster serves (or for the child's death). */
    private static ClusterEndpoints awaitReady(Process p, Path ready, Path logFile) throws IOException,
            InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MS);
        while (!Files.exists(ready)) {
            if (p.waitFor(50, TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("the cluster JVM exited with " + p.exitValue()
                        + " before it served; see " + logFile);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the cluster JVM did not serve within " + START_TIMEOUT_MS
                        + " ms; see " + logFile);
            }
        }
        List<String> lines = Files.readAllLines(ready, StandardCharsets.UTF_8);
        return new ClusterEndpoints(lines.get(0).trim(), lines.get(1).trim());
    }

    @Override
    public ClusterEndpoints endpoints() {
        return endpoints;
    }

    @Override
    public String describe() {
        return "child-jvm pid=" + process.pid();
    }

    /** The child's process handle (its CPU time is not the client's). */
    ProcessHandle handle() {
        return process.toHandle();
    }

    @Override
    public void close() {
        boolean clean = false;
        try {
            process.getOutputStream().close();
            if (!process.waitFor(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                LOG.warn("dl-bench cluster JVM pid={} did not stop within {} ms; killing it", process.pid(),
                        STOP_TIMEOUT_MS);
                process.destroyForcibly().waitFor(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            } else {
                clean = process.exitValue() == 0;
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        if (!clean) {
            // the log is the only account of what went wrong in the child: keep it
            LOG.warn("dl-bench cluster JVM pid={} did not stop cleanly; its log is kept at {}", process.pid(),
                    logFile);
            return;
        }
        try {
            Files.deleteIfExists(logFile.resolveSibling("ready"));
            Files.deleteIfExists(logFile);
            Files.deleteIfExists(logFile.getParent());
        } catch (IOException e) {
            LOG.debug("dl-bench could not delete {}", logFile.getParent(), e);
        }
    }
}
