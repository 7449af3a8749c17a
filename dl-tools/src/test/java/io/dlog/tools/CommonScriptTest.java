package io.dlog.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/common.sh's first-run build, with a stand-in {@code mvn} on the PATH that prints what Debian's Maven 3.8
 * prints in batch mode (ANSI colour resets): the user sees plain text, and a failed build still fails.
 */
class CommonScriptTest {
    private static final Path HOME = Path.of(System.getProperty("dlog.home", "..")).toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private record Result(int code, String err) {
    }

    private Result build(int mvnExit) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("fakebin"));
        Path mvn = bin.resolve("mvn");
        Files.writeString(mvn, "#!/usr/bin/env bash\n"
                + "printf '\\033[0m\\033[0m[WARNING] something\\033[m\\n'\n"
                + "printf '\\033[1;31m[ERROR]\\033[0m on stderr\\n' >&2\n"
                + "mkdir -p dl-tools/target && echo /x.jar > dl-tools/target/classpath.txt\n"
                + "exit " + mvnExit + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path home = Files.createDirectories(dir.resolve("home"));
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", ". \"$1\"; dlog_build; echo built >&2", "bash",
                HOME.resolve("bin/common.sh").toString());
        pb.environment().put("DLOG_HOME", home.toString());
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), err);
    }

    @Test
    void firstRunBuildShouldPrintNoEscapeCodes() throws Exception {
        Result r = build(0);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("[WARNING] something").contains("[ERROR] on stderr").contains("built")
                .doesNotContain("\u001b");
    }

    @Test
    void failedBuildShouldStillFail() throws Exception {
        Result r = build(1);
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("dlog: build failed").doesNotContain("built").doesNotContain("\u001b");
    }
}
