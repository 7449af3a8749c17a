package io.dlog.proxy.read;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A main class of the test classpath in its own JVM, so a test can kill it with {@code kill -9}. The child reports
 * by printing lines that start with {@value #TAG}; the rest of its output goes to a file under {@code target/}.
 * (A trimmed copy of dl-proxy-write's test helper of the same name: test classes are not shared between modules.)
 */
final class ChildJvm implements AutoCloseable {
    static final String TAG = "@@ ";

    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final File logFile;

    private ChildJvm(Process process, File logFile) {
        this.process = process;
        this.logFile = logFile;
        Thread pump = new Thread(this::pump, "child-stdout-" + process.pid());
        pump.setDaemon(true);
        pump.start();
    }

    static ChildJvm start(Class<?> mainClass, String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx512m", "-XX:MaxDirectMemorySize=256m",
                "-Djava.net.preferIPv4Stack=true", "-Dio.netty.tryReflectionSetAccessible=true", "-cp",
                System.getProperty("java.class.path"), mainClass.getName()));
        cmd.addAll(List.of(args));
        File log = new File("target", "child-" + mainClass.getSimpleName() + "-" + System.nanoTime() + ".log");
        return new ChildJvm(new ProcessBuilder(cmd).redirectErrorStream(true).start(), log);
    }

    private void pump() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
                Writer other = Files.newBufferedWriter(logFile.toPath(), StandardCharsets.UTF_8)) {
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

    /** Waits for a tagged line that starts with {@code word}, and returns it. */
    String awaitLine(String word, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            for (String l : lines) {
                if (l.startsWith(word + " ")) {
                    return l;
                }
            }
            if (!process.isAlive()) {
                break;
            }
            synchronized (lines) {
                lines.wait(50);
            }
        }
        throw new AssertionError("child " + process.pid() + " printed no '" + word + "' line; see " + logFile);
    }

    /** Kills the child with SIGKILL and waits for it to go. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
