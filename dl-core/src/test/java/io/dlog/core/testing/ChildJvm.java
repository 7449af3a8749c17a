package io.dlog.core.testing;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A main class of the test classpath run in its own JVM, so a test can pause it ({@code kill -STOP}), resume
 * it and kill it with {@code kill -9}. The child reports by printing lines that start with {@value #TAG}; the
 * rest of its output (logging) goes to a file under {@code target/}.
 */
public final class ChildJvm implements AutoCloseable {
    /** Prefix of the lines the child means for the test. */
    public static final String TAG = "@@ ";

    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Thread pump;

    private final File logFile;

    private ChildJvm(Process process, File logFile) {
        this.process = process;
        this.logFile = logFile;
        this.pump = new Thread(this::pump, "child-stdout-" + process.pid());
        this.pump.setDaemon(true);
        this.pump.start();
    }

    /**
     * Starts a main class.
     *
     * @param mainClass the class
     * @param args its arguments
     * @return the running child
     */
    public static ChildJvm start(Class<?> mainClass, String... args) throws IOException {
        return start(List.of("-Xmx512m"), mainClass, args);
    }

    /**
     * Starts a main class with JVM options of its own (a heap size, say) before the shared ones.
     *
     * @param jvmOptions options such as {@code -Xmx256m}
     * @param mainClass the class
     * @param args its arguments
     * @return the running child
     */
    public static ChildJvm start(List<String> jvmOptions, Class<?> mainClass, String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-XX:MaxDirectMemorySize=256m",
                "-Djava.net.preferIPv4Stack=true", "-Dio.netty.tryReflectionSetAccessible=true", "-cp", System.getProperty("java.class.path"),
                mainClass.getName()));
        cmd.addAll(List.of(args));
        File log = new File("target", "child-" + mainClass.getSimpleName() + "-" + System.nanoTime() + ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        return new ChildJvm(p, log);
    }

    private void pump() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
                java.io.Writer other = java.nio.file.Files.newBufferedWriter(logFile.toPath(),
                        StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith(TAG)) {
                    lines.add(line.substring(TAG.length()));
                    synchronized (lines) {
                        lines.notifyAll();
                    }
                } else {
                    other.write(line);
                    other.write('\n');
                }
            }
        } catch (IOException e) {
            lines.add("PUMP-ERROR " + e);
        }
    }

    /** Sends one line to the child's standard input (a command, for children that read them). */
    public void send(String line) throws IOException {
        java.io.OutputStream in = process.getOutputStream();
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /** Returns the tagged lines received so far, in order. */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    /** Returns how many tagged lines start with a word. */
    public long count(String word) {
        return lines.stream().filter(l -> l.startsWith(word + " ") || l.equals(word)).count();
    }

    /** Returns the child's pid. */
    public long pid() {
        return process.pid();
    }

    /** Sends a signal by name (STOP, CONT, KILL). */
    public void signal(String name) throws IOException, InterruptedException {
        int rc = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start().waitFor();
        if (rc != 0) {
            throw new IOException("kill -" + name + " " + process.pid() + " exited " + rc);
        }
    }

    /**
     * Waits for a tagged line that starts with a word.
     *
     * @param word the first word
     * @param timeoutMillis how long to wait
     * @return the line
     */
    public String awaitLine(String word, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            for (String l : lines) {
                if (l.startsWith(word + " ") || l.equals(word)) {
                    return l;
                }
            }
            if (!process.isAlive() && pump.getState() == Thread.State.TERMINATED) {
                break;
            }
            synchronized (lines) {
                lines.wait(50);
            }
        }
        throw new AssertionError("child " + process.pid() + " printed no '" + word + "' line; see " + logFile);
    }

    /**
     * Waits until at least {@code n} tagged lines start with a word; returns the last of them.
     *
     * @param word the first word
     * @param n how many such lines
     * @param timeoutMillis how long to wait
     * @return the n-th or a later such line
     */
    public String awaitCount(String word, long n, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            List<String> now = lines();
            List<String> matching = now.stream().filter(l -> l.startsWith(word + " ") || l.equals(word)).toList();
            if (matching.size() >= n) {
                return matching.get(matching.size() - 1);
            }
            if (!process.isAlive() && pump.getState() == Thread.State.TERMINATED) {
                break;
            }
            synchronized (lines) {
                lines.wait(50);
            }
        }
        throw new AssertionError("child " + process.pid() + " printed fewer than " + n + " '" + word + "' lines; see "
                + logFile);
    }

    /**
     * Sends SIGTERM (a graceful stop) with {@code kill}, and waits up to {@code timeoutMillis} for the exit; returns
     * the exit code. Not {@link Process#destroy()}: that also closes the child's output pipe, so whatever the child
     * prints while stopping would be lost (and its writes would fail).
     */
    public int terminate(long timeoutMillis) throws InterruptedException, IOException {
        signal("TERM");
        if (!process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
            throw new AssertionError("child " + process.pid() + " did not exit within " + timeoutMillis + " ms");
        }
        pump.join(TimeUnit.SECONDS.toMillis(30));
        return process.exitValue();
    }

    /** Kills the child with SIGKILL and waits until its output is drained. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
        pump.join(TimeUnit.SECONDS.toMillis(30));
    }

    /** Returns whether the child is running. */
    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
