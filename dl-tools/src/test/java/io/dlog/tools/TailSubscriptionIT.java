package io.dlog.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.dlog.core.AsyncLogWriter;
import io.dlog.core.DLConfig;
import io.dlog.core.DLConfigKeys;
import io.dlog.core.LogManager;
import io.dlog.core.Namespace;
import io.dlog.core.local.LocalCluster;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.LogRecord;
import io.dlog.proxy.read.ReadProxy;
import io.dlog.proxy.read.ReadProxyConfig;
import io.dlog.proxy.read.ReadProxyConfigKeys;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dlog tail --proxy}: the starts a read proxy resolves (the end by default, {@code --from-start}), and with
 * {@code --subscription} printing from the committed position and committing what it printed.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class TailSubscriptionIT {
    private static LocalCluster cluster;
    private static URI uri;

    @TempDir
    Path dir;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = LocalCluster.builder().bookies(3).fsync(false).start();
        uri = cluster.namespaceUri("tailsubs");
        CliRun created = CliRun.run(Path.of("."), "namespace", "create", "--uri", uri.toString());
        assertThat(created.exitCode()).as(created.err()).isZero();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private CliRun dlog(String... args) {
        String[] argv = new String[args.length + 2];
        System.arraycopy(args, 0, argv, 0, args.length);
        argv[args.length] = "--uri";
        argv[args.length + 1] = uri.toString();
        return CliRun.run(dir, argv);
    }

    @Test
    void tailWithASubscriptionShouldCommitWhatItPrintedAndTheNextTailShouldResumeAfterIt() throws Exception {
        DLConfig config = DLConfig.builder().set(DLConfigKeys.FLUSH_INTERVAL_MS, 1L).build();
        try (Namespace ns = Namespace.builder().uri(uri).config(config).build();
                LogManager log = ns.openLog("orders");
                AsyncLogWriter w = log.openAsyncLogWriter().get(60, TimeUnit.SECONDS);
                ReadProxy proxy = ReadProxy.builder().uri(uri).dlConfig(config).config(ReadProxyConfig.builder()
                        .set(ReadProxyConfigKeys.PORT, 0).set(ReadProxyConfigKeys.ADMIN_PORT, 0).build()).start()) {
            List<DLSN> acked = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                acked.add(w.write(LogRecord.of(("r" + i).getBytes(StandardCharsets.UTF_8))).get(60, TimeUnit.SECONDS));
            }
            CliRun first = dlog("tail", "orders", "--proxy", proxy.address(), "--subscription", "billing", "--count",
                    "3", "--payload-only");
            assertThat(first.exitCode()).as(first.err()).isZero();
            assertThat(first.out()).isEqualTo("r0\nr1\nr2\n");
            assertThat(log.subscriptions().position("billing").get(60, TimeUnit.SECONDS))
                    .isEqualTo(Optional.of(acked.get(2)));

            CliRun second = dlog("tail", "orders", "--proxy", proxy.address(), "--subscription", "billing",
                    "--count", "2", "--payload-only");
            assertThat(second.exitCode()).as(second.err()).isZero();
            assertThat(second.out()).isEqualTo("r3\nr4\n");
            assertThat(log.subscriptions().position("billing").get(60, TimeUnit.SECONDS))
                    .isEqualTo(Optional.of(acked.get(4)));

            CliRun noProxy = dlog("tail", "orders", "--subscription", "billing");
            assertThat(noProxy.exitCode()).as(noProxy.err()).isEqualTo(1);
            CliRun withStart = dlog("tail", "orders", "--proxy", proxy.address(), "--subscription", "billing",
                    "--from-start");
            assertThat(withStart.exitCode()).as(withStart.err()).isEqualTo(1);
        }
    }

    @Test
    void tailThroughAProxyShouldStartAtTheEndByDefaultAndAtTheFirstKeptRecordWithFromStart() throws Exception {
        DLConfig config = DLConfig.builder().set(DLConfigKeys.FLUSH_INTERVAL_MS, 1L).build();
        try (Namespace ns = Namespace.builder().uri(uri).config(config).build();
                LogManager log = ns.openLog("positions");
                AsyncLogWriter w = log.openAsyncLogWriter().get(60, TimeUnit.SECONDS);
                ReadProxy proxy = ReadProxy.builder().uri(uri).dlConfig(config).config(ReadProxyConfig.builder()
                        .set(ReadProxyConfigKeys.PORT, 0).set(ReadProxyConfigKeys.ADMIN_PORT, 0).build()).start()) {
            List<DLSN> acked = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                acked.add(w.write(LogRecord.of(("p" + i).getBytes(StandardCharsets.UTF_8))).get(60, TimeUnit.SECONDS));
            }
            w.truncate(acked.get(2)).get(60, TimeUnit.SECONDS);

            CliRun fromStart = dlog("tail", "positions", "--proxy", proxy.address(), "--from-start", "--count", "3",
                    "--payload-only");
            assertThat(fromStart.exitCode()).as(fromStart.err()).isZero();
            assertThat(fromStart.out()).as("the first record kept by the truncation").isEqualTo("p2\np3\np4\n");

            CliRun atEnd = dlog("tail", "positions", "--proxy", proxy.address(), "--timeout", "2s",
                    "--payload-only");
            assertThat(atEnd.exitCode()).as(atEnd.err()).isZero();
            assertThat(atEnd.out()).as("the default starts after the last record, as the embedded tail").isEmpty();
        }
    }
}
