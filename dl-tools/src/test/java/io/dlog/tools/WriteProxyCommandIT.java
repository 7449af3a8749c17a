package io.dlog.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dlog.core.LogManager;
import io.dlog.core.Namespace;
import io.dlog.core.local.LocalCluster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code dlog write-proxy}, {@code dlog write --proxy} and {@code dlog proxy status|release|drain}, in process. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class WriteProxyCommandIT {
    private static final Pattern READY = Pattern.compile("ready address=(\\S+) admin=(\\S+)");
    private static LocalCluster cluster;
    private static Path dir;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = LocalCluster.builder().bookies(3).fsync(false).start();
        dir = Files.createTempDirectory("dlog-proxy-cli");
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void writeProxyShouldServeDlogWriteAndStopCleanlyOnDrain() throws Exception {
        String uri = cluster.namespaceUri("cli-proxy").toString();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CliEnvironment env = CliEnvironment.of(new ByteArrayInputStream(new byte[0]), out, err, Map.of(), dir, false);
        CompletableFuture<Integer> server = CompletableFuture.supplyAsync(() -> DlogCli.run(env, "--uri", uri,
                "write-proxy", "--port", "0", "--admin-port", "0"));
        await().atMost(Duration.ofMinutes(2)).until(() -> READY.matcher(out.toString(StandardCharsets.UTF_8)).find()
                || server.isDone());
        Matcher m = READY.matcher(out.toString(StandardCharsets.UTF_8));
        assertThat(m.find()).as("ready line; stderr: %s", err).isTrue();
        String address = m.group(1);
        assertThat(out.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("ready"))).hasSize(1);

        CliRun write = CliRun.runWithInput(dir, "one\ntwo\nthree\n", "write", "viaproxy", "--proxy", address);
        assertThat(write.exitCode()).as(write.err()).isZero();
        assertThat(write.out()).contains("wrote 3 records");
        try (Namespace ns = Namespace.builder().uri(java.net.URI.create(uri)).build();
                LogManager log = ns.openLog("viaproxy")) {
            assertThat(log.getLogRecordCount()).isEqualTo(3);
        }

        CliRun status = CliRun.run(dir, "--uri", uri, "proxy", "status");
        assertThat(status.exitCode()).as(status.err()).isZero();
        assertThat(status.out()).contains("write").contains(address).contains("\"status\":\"UP\"")
                .contains("1 proxies");

        CliRun release = CliRun.run(dir, "--uri", uri, "proxy", "release", "viaproxy");
        assertThat(release.exitCode()).as(release.err()).isZero();
        assertThat(release.out()).contains("released viaproxy from " + address);

        CliRun drain = CliRun.run(dir, "--uri", uri, "proxy", "drain", address);
        assertThat(drain.exitCode()).as(drain.err()).isZero();
        assertThat(server.get(2, TimeUnit.MINUTES)).isZero();
        CliRun after = CliRun.run(dir, "--uri", uri, "proxy", "status");
        assertThat(after.out()).contains("0 proxies");
    }
}
