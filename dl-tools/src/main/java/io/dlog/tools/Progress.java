package io.dlog.tools;

import java.util.Locale;

/**
 * The progress line of a synthetic {@code dlog write}: on stderr, once a second, rewritten in place on a
 * terminal. Silent for stdin/file input. Called from one thread.
 */
final class Progress {
    private static final long INTERVAL_NANOS = 1_000_000_000L;

    private final CliEnvironment env;
    private final Long total;
    private final LatencyStats stats;
    private long nextPrint = System.nanoTime() + INTERVAL_NANOS;
    private boolean printed;

    Progress(CliEnvironment env, Long total, LatencyStats stats) {
        this.env = env;
        this.total = total;
        this.stats = stats;
    }

    void maybePrint() {
        if (total == null || System.nanoTime() < nextPrint) {
            return;
        }
        nextPrint = System.nanoTime() + INTERVAL_NANOS;
        long acked = stats.count();
        int pct = total == 0 ? 100 : (int) (acked * 100 / total);
        String line = String.format(Locale.ROOT, "[%-20s] %3d%% %d/%d acknowledged, %.0f records/s",
                "#".repeat(pct / 5), pct, acked, total, acked / Math.max(stats.elapsedSeconds(), 1e-9));
        env.err().print(env.interactive() ? "\r" + line : line + System.lineSeparator());
        env.err().flush();
        printed = true;
    }

    void done() {
        if (printed && env.interactive()) {
            env.err().println();
            env.err().flush();
        }
    }
}
