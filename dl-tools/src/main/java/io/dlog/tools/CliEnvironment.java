package io.dlog.tools;

import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * What a command sees of the outside world: stdin, whether it is a terminal, stdout/stderr, the environment and
 * the working directory. {@link #system()} in production; tests build their own.
 *
 * @param in standard input (borrowed, never closed)
 * @param out standard output, for data and results
 * @param err standard error, for progress, prompts and errors
 * @param env environment variables
 * @param workDir the directory relative paths and {@code ./data} are resolved against
 * @param interactive whether stdin/stdout are a terminal, so destructive commands may ask for confirmation
 */
public record CliEnvironment(InputStream in, PrintWriter out, PrintWriter err, Map<String, String> env,
        Path workDir, boolean interactive) {

    /** Checks that every part is present. */
    public CliEnvironment {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(workDir, "workDir");
    }

    /**
     * The process's own streams, environment and working directory.
     *
     * @return the environment of this JVM
     */
    public static CliEnvironment system() {
        return new CliEnvironment(System.in, new PrintWriter(System.out, true), new PrintWriter(System.err, true),
                System.getenv(), Path.of("").toAbsolutePath(), System.console() != null);
    }
}
