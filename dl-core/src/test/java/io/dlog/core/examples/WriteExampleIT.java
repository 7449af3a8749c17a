package io.dlog.core.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.dlog.core.LogManager;
import io.dlog.core.Namespace;
import io.dlog.core.testing.LocalClusterExtension;
import io.dlog.core.testing.RawLogReader;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The example in docs/writing.md runs and writes what it says. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class WriteExampleIT {
    @RegisterExtension
    static final LocalClusterExtension CLUSTER = LocalClusterExtension.builder().bookies(3).fsync(false).build();

    @Test
    void writeExampleShouldWriteTheRequestedRecords() throws Exception {
        WriteExample.main(new String[] {CLUSTER.namespaceUri("example").toString(), "orders", "1000"});
        try (Namespace ns = Namespace.builder().uri(CLUSTER.namespaceUri("example")).build();
                LogManager log = ns.openLog("orders")) {
            assertThat(RawLogReader.readAll(CLUSTER.cluster(), log)).hasSize(1000)
                    .last().satisfies(r -> assertThat(r.txid()).isEqualTo(1000));
            assertThat(log.getLogSegments()).hasSize(1);
        }
    }
}
