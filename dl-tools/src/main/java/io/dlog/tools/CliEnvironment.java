package io.dlog.tools;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * What a command sees of the outside world: stdin, whether it is a terminal, stdout/stderr, the environment and
 * the working directory. {@link #system()} in production; tests use {@link #of}.
 *
 * @param in standard input (borrowed, never closed)
 * @param stdout standard output as bytes, for binary-safe data ({@code tail --payload-only}); flush {@link #out}
 *     before writing here
 * @param out standard output as text (UTF-8), for results
 * @param err standard error, for progress, prompts and errors
 * @param env environment variables
 * @param workDir the directory relative paths and {@code ./data} are resolved against
 * @param interactive whether stdin is a terminal, so destructive commands may ask for confirmation
 */
public record CliEnvironment(InputStream in, OutputStream stdout, PrintWriter out, PrintWriter err,
        Map<String, String> env, Path workDir, boolean interactive) {

    /** Checks that every part is present. */
    public CliEnvironment {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(workDir, "workDir");
    }

    /**
     * An environment on the given streams, with UTF-8 text writers over them.
     *
     * @param in stdin
     * @param out stdout
     * @param err stderr
     * @param env environment variables
     * @param workDir working directory
     * @param interactive whether stdin is a terminal
     * @return the environment
     */
    public static CliEnvironment of(InputStream in, OutputStream out, OutputStream err, Map<String, String> env,
            Path workDir, boolean interactive) {
        return new CliEnvironment(in, out, writer(out), writer(err), env, workDir, interactive);
    }

    /**
     * The process's own streams, environment and working directory.
     *
     * @return the environment of this JVM
     */
    public static CliEnvironment system() {
        PrintStream out = System.out;
        return of(System.in, out, System.err, System.getenv(), Path.of("").toAbsolutePath(),
                System.console() != null);
    }

    private static PrintWriter writer(OutputStream s) {
        return new PrintWriter(new OutputStreamWriter(s, StandardCharsets.UTF_8), true);
    }
}
