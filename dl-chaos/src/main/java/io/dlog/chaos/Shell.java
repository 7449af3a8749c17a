package io.dlog.chaos;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the short system commands of the network tier ({@code ip}, {@code nft}) and says why one failed. Stateless. */
final class Shell {

    private static final long TIMEOUT_S = 30;

    private Shell() {
    }

    /**
     * Runs a command to completion.
     *
     * @param cmd   the command and its arguments
     * @param stdin written to its standard input, then closed (may be empty)
     * @return its output, stdout and stderr merged
     * @throws IOException if it cannot start, exits non-zero (the message holds its output) or hangs
     */
    static String run(List<String> cmd, String stdin) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        try {
            // Output is small (a few lines): reading it all before waiting cannot deadlock on a full pipe.
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + " did not finish within " + TIMEOUT_S + " s");
            }
            if (p.exitValue() != 0) {
                throw new IOException(String.join(" ", cmd) + " failed (exit " + p.exitValue() + "): " + out.strip());
            }
            return out;
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted running " + String.join(" ", cmd), e);
        }
    }

    /** {@link #run} without stdin. */
    static String run(List<String> cmd) throws IOException {
        return run(cmd, "");
    }

    /** Runs a cleanup command; a failure (e.g. the thing is already gone) is not an error. */
    static boolean tryRun(List<String> cmd) {
        try {
            run(cmd);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
