package io.dlog.chaos;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The entry point of every child process the harness starts:
 * {@code ChildMain <zookeeper|bookie|write-proxy|read-proxy|client> args...}.
 *
 * <p>It watches its standard input, which is a pipe from the harness: a line is a command for the node
 * ({@link #onCommand}), and end of input means the harness is gone, so the child halts at once. No process of a
 * run outlives the harness, even when the harness is killed with {@code kill -9}.
 */
public final class ChildMain {

    private static final Map<String, Consumer<String>> COMMANDS = new ConcurrentHashMap<>();

    private ChildMain() {
    }

    /**
     * Registers the handler of a command line's first word.
     *
     * @param command the first word, e.g. {@code expire}
     * @param handler called on the stdin thread with the whole line
     */
    public static void onCommand(String command, Consumer<String> handler) {
        COMMANDS.put(command, handler);
    }

    /**
     * Starts the watchdog, then the node.
     *
     * @param args the node kind, then the node's own arguments
     */
    public static void main(String[] args) throws Exception {
        Thread watchdog = new Thread(ChildMain::watchStdin, "chaos-stdin-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "zookeeper" -> org.apache.zookeeper.server.quorum.QuorumPeerMain.main(rest);
            case "bookie" -> io.dlog.core.local.BookieNodeMain.main(rest);
            case "write-proxy" -> ProxyNodeMain.main(true, rest);
            case "read-proxy" -> ProxyNodeMain.main(false, rest);
            case "client" -> ClientMain.main(rest);
            default -> throw new IllegalArgumentException("unknown node kind: " + args[0]);
        }
    }

    private static void watchStdin() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                String word = line.strip().split(" ", 2)[0];
                Consumer<String> handler = COMMANDS.get(word);
                if (handler != null) {
                    handler.accept(line.strip());
                } else {
                    System.err.println("chaos child: unknown command '" + line + "'");
                }
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("chaos child: stdin failed: " + e);
        }
        // The harness closed the pipe (it exited or died): halt without shutdown hooks, like a crash.
        Runtime.getRuntime().halt(3);
    }
}
