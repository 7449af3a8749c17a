package io.dlog.chaos;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node of a run as a child JVM: a fixed command (so a restart is the same node), its own directory, and a
 * log file collecting its stdout and stderr across restarts. Its stdin is a pipe from the harness
 * ({@link ChildMain}): commands go down it, and the child halts when it closes.
 *
 * <p>Thread-safe: every method is synchronized; the harness's nemesis and cleanup may call from different threads.
 */
public final class ChildProcess {

    private static final Logger LOG = LoggerFactory.getLogger(ChildProcess.class);
    /** JVM options of every child: little CPU for compilation and GC on a shared machine, plus the Netty opens. */
    private static final String COMMON_FLAGS = "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:ActiveProcessorCount=2 "
            + "-Xss512k -Dio.netty.tryReflectionSetAccessible=true --add-opens java.base/java.nio=ALL-UNNAMED "
            + "--add-opens java.base/jdk.internal.misc=ALL-UNNAMED --add-opens java.base/java.io=ALL-UNNAMED "
            + "--add-opens java.base/java.util.zip=ALL-UNNAMED -Djava.net.preferIPv4Stack=true "
            + "-Dzookeeper.4lw.commands.whitelist=* -Dzookeeper.admin.enableServer=false";

    private final String name;
    private final NodeKind kind;
    private final Path dir;
    private final List<String> args;
    private final String classpath;
    private final List<String> launcher;
    private Process process;
    private boolean paused;
    private int starts;

    /**
     * @param name      the node's name, e.g. {@code bookie-2}
     * @param kind      what it runs
     * @param dir       its directory (created); its log is {@code dir/node.log}
     * @param args      its arguments after the kind
     * @param classpath the JVM classpath
     */
    public ChildProcess(String name, NodeKind kind, Path dir, List<String> args, String classpath) throws IOException {
        this(name, kind, dir, args, classpath, List.of());
    }

    /**
     * A node launched through a command prefix, e.g. {@code ip netns exec dlc0-bookie-1} (which execs the JVM, so
     * the process's pid is the JVM's and signals reach it).
     *
     * @param launcher the prefix of the java command; empty to run it directly
     */
    ChildProcess(String name, NodeKind kind, Path dir, List<String> args, String classpath, List<String> launcher)
            throws IOException {
        this.launcher = List.copyOf(launcher);
        this.name = name;
        this.kind = kind;
        this.dir = Files.createDirectories(dir);
        this.args = List.copyOf(args);
        this.classpath = classpath;
    }

    public String name() {
        return name;
    }

    public NodeKind kind() {
        return kind;
    }

    public Path dir() {
        return dir;
    }

    /** Starts the process; no-op if it is running. */
    public synchronized void start() throws IOException {
        if (process != null && process.isAlive()) {
            return;
        }
        List<String> cmd = new ArrayList<>(launcher);
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(List.of(kind.memory().split(" ")));
        cmd.addAll(List.of(COMMON_FLAGS.split(" ")));
        cmd.add("-Dchaos.node=" + name);
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add(ChildMain.class.getName());
        cmd.add(kind.arg());
        cmd.addAll(args);
        File log = dir.resolve("node.log").toFile();
        process = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start();
        paused = false;
        starts++;
        LOG.info("chaos node started name={} pid={} start={}", name, process.pid(), starts);
    }

    /** Whether the process is alive (a paused process is alive). */
    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Whether it is stopped with SIGSTOP. */
    public synchronized boolean isPaused() {
        return paused && isAlive();
    }

    /** How many times it was started. */
    public synchronized int starts() {
        return starts;
    }

    /** {@code kill -9}, and waits for it to be gone. */
    public synchronized void kill9() {
        if (process == null) {
            return;
        }
        resumeIfPaused();
        process.destroyForcibly();
        waitFor(30);
    }

    /** SIGTERM, then {@code kill -9} if it has not exited within {@code seconds}. */
    public synchronized void terminate(long seconds) {
        if (process == null || !process.isAlive()) {
            return;
        }
        resumeIfPaused();   // a stopped process cannot run its shutdown hooks
        process.destroy();
        if (!waitFor(seconds)) {
            process.destroyForcibly();
            waitFor(30);
        }
    }

    /** {@code kill -STOP}. */
    public synchronized void pause() throws IOException {
        if (isAlive()) {
            signal("STOP");
            paused = true;
        }
    }

    /** {@code kill -CONT}. */
    public synchronized void resume() throws IOException {
        if (isAlive()) {
            signal("CONT");
        }
        paused = false;
    }

    /** Sends one command line down the child's stdin. */
    public synchronized void send(String command) throws IOException {
        if (!isAlive()) {
            throw new IOException(name + " is not running");
        }
        OutputStream in = process.getOutputStream();
        in.write((command + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    private void resumeIfPaused() {
        if (paused) {
            try {
                signal("CONT");
            } catch (IOException e) {
                LOG.warn("chaos node {} could not be resumed before being killed: {}", name, e.toString());
            }
            paused = false;
        }
    }

    private void signal(String sig) throws IOException {
        Process kill = new ProcessBuilder("kill", "-" + sig, Long.toString(process.pid())).inheritIO().start();
        try {
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IOException("kill -" + sig + " " + process.pid() + " failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while signalling " + name, e);
        }
    }

    private boolean waitFor(long seconds) {
        try {
            return process.waitFor(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
