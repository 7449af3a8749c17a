package io.dlog.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad input and unreachable ZooKeeper, in process: one-line errors and the documented exit codes. */
class DlogCliTest {
    private static final String NOWHERE = "dlog://127.0.0.1:1/nowhere";

    @TempDir
    Path dir;

    private static void assertOneLineError(CliRun r, int exitCode, String status) {
        assertThat(r.exitCode()).as("exit code; stderr=%s", r.err()).isEqualTo(exitCode);
        assertThat(r.errLines()).as("stderr").hasSize(1);
        assertThat(r.err()).startsWith("dlog: ").contains("(" + status + ")").doesNotContain("\tat ")
                .doesNotContain("Exception");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "tail demo --from-dlsn 1:x:0 --uri " + NOWHERE + "|4|INVALID_ARGUMENT",
        "tail demo --from-dlsn 1:0 --uri " + NOWHERE + "|4|INVALID_ARGUMENT",
        "tail demo --from-dlsn -1:0:0 --uri " + NOWHERE + "|4|INVALID_ARGUMENT",
        "truncate demo --before banana --force --uri " + NOWHERE + "|4|INVALID_ARGUMENT",
        "tail demo --count -1 --uri " + NOWHERE + "|4|INVALID_ARGUMENT",
        "tail demo --count 0 --uri " + NOWHERE + "|4|INVALID_ARGUMENT",
        "tail demo --from-txid -3 --uri " + NOWHERE + "|4|INVALID_ARGUMENT",
        "write demo --count -5 --uri " + NOWHERE + "|4|INVALID_ARGUMENT",
        "write demo --count 5 --size -1 --uri " + NOWHERE + "|4|INVALID_ARGUMENT",
        "write bad/name --uri " + NOWHERE + "|4|INVALID_STREAM_NAME",
        "log create .hidden --uri " + NOWHERE + "|4|INVALID_STREAM_NAME",
        "log show a:b --uri " + NOWHERE + "|4|INVALID_STREAM_NAME",
        "tail demo --count x|1|USAGE",
        "tail demo --proxy 127.0.0.1:1 --from-time 10m --uri " + NOWHERE + "|1|INVALID_ARGUMENT",
        "tail demo --proxy 127.0.0.1:1 --from-end 5 --uri " + NOWHERE + "|1|INVALID_ARGUMENT",
        "tail demo --from-start --from-txid 3|1|USAGE",
        "write|1|USAGE",
        "log frobnicate|1|USAGE",
        "frobnicate|1|USAGE",
        "tail demo --bogus|1|USAGE",
        "tail demo --timeout soon|1|USAGE",
        "log list|1|INVALID_ARGUMENT",
        "truncate demo --txid -1 --force --uri " + NOWHERE + "|4|INVALID_ARGUMENT",
        "truncate demo --dlsn 1:0:0 --txid 3 --force|1|USAGE",
        "truncate demo --force|1|USAGE",
        "audit --grace soon|1|USAGE",
        "audit|1|INVALID_ARGUMENT",
        "retention show|1|USAGE",
        "write demo --size 10 --uri " + NOWHERE + "|1|INVALID_ARGUMENT",
        "write demo --format json --uri " + NOWHERE + "|1|INVALID_ARGUMENT",
        "write demo --count 3 --format base64 --uri " + NOWHERE + "|1|INVALID_ARGUMENT",
        "log list --uri dlog://127.0.0.1:99999/x|4|INVALID_ARGUMENT",
        "log list --uri dlog://127.0.0.1:0/x|4|INVALID_ARGUMENT",
        "log list --uri http://127.0.0.1:2181/x|4|INVALID_ARGUMENT",
        "write demo --uri dlog://127.0.0.1:2181,127.0.0.1:70000/x|4|INVALID_ARGUMENT",
        "tail demo --from-end 0 --uri " + NOWHERE + "|4|INVALID_ARGUMENT",
        "tail demo --from-time yesterday --uri " + NOWHERE + "|4|INVALID_ARGUMENT",
        "tail demo --from-end 3 --from-start|1|USAGE",
        "log config demo --set retention.ms=1 --reset --uri " + NOWHERE + "|1|INVALID_ARGUMENT",
        "log config demo --set segment.max.bytes=1 --uri " + NOWHERE + "|4|INVALID_ARGUMENT",
        "log list --output yaml|1|USAGE",
        "subscription list|1|USAGE",
        "subscription show demo|1|USAGE",
        "subscription frobnicate demo|1|USAGE",
        "subscription show demo .bad --uri " + NOWHERE + "|4|INVALID_ARGUMENT",
    })
    void badInputShouldGiveOneLineAndExitCode(String args, int exitCode, String status) {
        assertOneLineError(CliRun.run(dir, args.split(" ")), exitCode, status);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "log list",
        "log create demo",
        "log show demo",
        "log delete demo --force",
        "write demo",
        "write demo --count 3",
        "tail demo --from-start",
        "tail demo",
        "truncate demo --before 1:0:0 --force",
        "truncate demo --txid 3 --force",
        "seal demo --force",
        "audit",
        "audit --delete --force",
        "retention run --force",
        "retention show demo",
        "namespace create",
        "namespace list",
        "namespace show",
        "namespace delete --force",
        "log config demo",
        "tail demo --from-end 3",
        "tail demo --from-time 1h",
        "subscription list demo",
        "subscription show demo s",
        "subscription delete demo s --force",
    })
    void commandShouldExitUnavailableWithinTimeoutWhenZooKeeperIsUnreachable(String args) {
        String[] argv = (args + " --uri " + NOWHERE + " --connect-timeout 1s").split(" ");
        CliRun r = CliRun.runWithInput(dir, args.contains("--count") ? "" : "hello\n", argv);
        assertOneLineError(r, ExitCode.UNAVAILABLE, "ZOOKEEPER_ERROR");
        assertThat(r.millis()).isLessThan(8_000);
    }

    @Test
    void invalidPortShouldBeRejectedAtOnce() {
        CliRun r = CliRun.run(dir, "log", "list", "--uri", "dlog://127.0.0.1:99999/x", "--connect-timeout", "30s");
        assertOneLineError(r, ExitCode.BAD_INPUT, "INVALID_ARGUMENT");
        assertThat(r.err()).contains("port '99999' is not in 1-65535");
        assertThat(r.millis()).isLessThan(3_000);
    }

    @Test
    void writeCountShouldBeAUsageErrorWhenInputWaitsOnStdin() {
        CliRun r = CliRun.runWithInput(dir, "a\nb\n", "write", "demo", "--count", "3", "--uri", NOWHERE);
        assertOneLineError(r, ExitCode.USAGE, "INVALID_ARGUMENT");
        assertThat(r.err()).contains("stdin");
    }

    @Test
    void writeFileShouldSayADirectoryCannotBeRead() throws Exception {
        Path sub = java.nio.file.Files.createDirectories(dir.resolve("records"));
        CliRun r = CliRun.run(dir, "write", "demo", "--file", "records", "--uri", NOWHERE);
        assertOneLineError(r, ExitCode.BAD_INPUT, "INVALID_ARGUMENT");
        assertThat(r.err()).contains("cannot read " + sub + ": is a directory");
        CliRun missing = CliRun.run(dir, "write", "demo", "--file", "nope.txt", "--uri", NOWHERE);
        assertOneLineError(missing, ExitCode.BAD_INPUT, "INVALID_ARGUMENT");
        assertThat(missing.err()).contains("no such file");
    }

    @Test
    void standaloneShouldSayWhyTheDataDirectoryIsUnusable() throws Exception {
        Path file = java.nio.file.Files.writeString(dir.resolve("afile"), "x");
        CliRun r = CliRun.run(dir, "standalone", "--data-dir", "afile", "--zk-port", "0", "--admin-port", "0");
        assertOneLineError(r, ExitCode.BAD_INPUT, "INVALID_ARGUMENT");
        assertThat(r.err()).contains("cannot use data directory " + file + ": it exists and is not a directory");
        CliRun below = CliRun.run(dir, "standalone", "--data-dir", "afile/data", "--zk-port", "0", "--admin-port",
                "0");
        assertOneLineError(below, ExitCode.BAD_INPUT, "INVALID_ARGUMENT");
        assertThat(below.err()).contains("cannot use data directory " + file.resolve("data"));
    }

    @Test
    void helpShouldListOneExitCodePerLine() {
        String help = CliRun.run(dir, "--help").out();
        String codes = help.substring(help.indexOf("Exit codes:"));
        assertThat(codes).contains("\n  0    success\n").contains("\n  130  interrupted (Ctrl-C)\n")
                .contains("\n  8    dlog audit found problems\n");
        for (String line : help.split("\n")) {
            assertThat(line.length()).as(line).isLessThanOrEqualTo(100);
        }
    }

    @Test
    void completionShouldPrintABashScriptWithEveryCommand() {
        CliRun r = CliRun.run(dir, "completion");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("complete -F").contains("namespace").contains("--from-end")
                .contains("--output");
    }

    @Test
    void badConfigFileShouldExitBadInput() throws Exception {
        Path conf = dir.resolve("bad.conf");
        java.nio.file.Files.writeString(conf, "no.such.key=1\n");
        assertOneLineError(CliRun.run(dir, "log", "list", "--uri", NOWHERE, "--conf", conf.toString()), 4,
                "INVALID_ARGUMENT");
        assertOneLineError(CliRun.run(dir, "log", "list", "--uri", NOWHERE, "--conf", "missing.conf"), 4,
                "INVALID_ARGUMENT");
    }

    @Test
    void uriShouldComeFromStandaloneFileInWorkingDirectory() throws Exception {
        java.nio.file.Files.createDirectories(dir.resolve("data"));
        java.nio.file.Files.writeString(dir.resolve("data").resolve(DlogCli.STANDALONE_URI_FILE), NOWHERE + "\n");
        CliRun r = CliRun.run(dir, "log", "list", "--connect-timeout", "500ms");
        assertOneLineError(r, ExitCode.UNAVAILABLE, "ZOOKEEPER_ERROR");
        assertThat(r.err()).contains("127.0.0.1:1");
    }

    @Test
    void versionAndHelpShouldExitZero() {
        CliRun v = CliRun.run(dir, "version");
        assertThat(v.exitCode()).isZero();
        assertThat(v.out()).startsWith("dlog ").contains("BookKeeper 4.17.3").contains("ZooKeeper 3.9.5");
        for (String cmd : new String[] {"standalone", "log", "write", "tail", "truncate", "seal", "audit",
            "retention", "namespace", "completion"}) {
            CliRun h = CliRun.run(dir, cmd, "--help");
            assertThat(h.exitCode()).as(cmd).isZero();
            assertThat(h.out()).as(cmd).contains("Usage: dlog " + cmd);
        }
        assertThat(CliRun.run(dir, "--help").out()).contains("Exit codes");
    }
}
