package io.dlog.tools;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** Runs the CLI in this JVM with captured streams. */
record CliRun(int exitCode, String out, String err, long millis) {

    static CliRun runWithInput(Path workDir, String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CliEnvironment env = CliEnvironment.of(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                out, err, Map.of(), workDir, false);
        long start = System.nanoTime();
        int code = DlogCli.run(env, args);
        env.out().flush();
        env.err().flush();
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
                (System.nanoTime() - start) / 1_000_000);
    }

    static CliRun run(Path workDir, String... args) {
        return runWithInput(workDir, "", args);
    }

    /** Returns the lines of stderr. */
    String[] errLines() {
        return err.isEmpty() ? new String[0] : err.split("\n");
    }
}
