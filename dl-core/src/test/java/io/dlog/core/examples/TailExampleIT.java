package io.dlog.core.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.dlog.core.LogManager;
import io.dlog.core.LogWriter;
import io.dlog.core.Namespace;
import io.dlog.core.testing.LocalClusterExtension;
import io.dlog.protocol.LogRecord;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The example in docs/reading.md prints what is written while it tails, and stops at the end of the stream. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class TailExampleIT {
    @RegisterExtension
    static final LocalClusterExtension CLUSTER = LocalClusterExtension.builder().bookies(3).fsync(false).build();

    @Test
    void tailExampleShouldPrintEveryRecordThenStopAtEndOfStream() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Namespace ns = Namespace.builder().uri(CLUSTER.namespaceUri("example")).build();
                LogManager log = ns.openLog("orders");
                LogWriter writer = log.openLogWriter()) {
            writer.write(LogRecord.of("order-0".getBytes(StandardCharsets.UTF_8)));
            CompletableFuture<Void> tailing = CompletableFuture.runAsync(() -> {
                try {
                    TailExample.tail(CLUSTER.namespaceUri("example"), "orders",
                            new PrintStream(bytes, true, StandardCharsets.UTF_8));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            writer.write(LogRecord.of("order-1".getBytes(StandardCharsets.UTF_8)));
            writer.markEndOfStream();
            tailing.get(60, TimeUnit.SECONDS);
        }
        // DLSNs depend on the writer's control entries; txids and payloads do not.
        assertThat(bytes.toString(StandardCharsets.UTF_8).lines()).satisfiesExactly(
                l -> assertThat(l).startsWith("1:0:0 ").endsWith(" txid=1 order-0"),
                l -> assertThat(l).endsWith(" txid=2 order-1"),
                l -> assertThat(l).isEqualTo("end of stream"));
    }
}
