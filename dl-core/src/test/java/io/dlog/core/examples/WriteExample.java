package io.dlog.core.examples;

import io.dlog.core.AsyncLogWriter;
import io.dlog.core.DLConfig;
import io.dlog.core.DLConfigKeys;
import io.dlog.core.LogManager;
import io.dlog.core.Namespace;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.LogRecord;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The example of docs/writing.md: write records to a log and wait for their acknowledgements.
 * Run it against {@code bin/dlog standalone}: {@code WriteExample dlog://127.0.0.1:7000/example orders 1000}.
 */
public final class WriteExample {
    private WriteExample() {
    }

    /**
     * Writes {@code count} records and prints the last DLSN.
     *
     * @param args namespace URI, log name, record count
     */
    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        String logName = args[1];
        int count = Integer.parseInt(args[2]);
        DLConfig config = DLConfig.builder()
                .set(DLConfigKeys.FLUSH_INTERVAL_MS, 2L)          // batch what arrives within 2 ms
                .set(DLConfigKeys.SEGMENT_MAX_BYTES, 64L << 20)   // roll every 64 MiB
                .build();
        try (Namespace ns = Namespace.builder().uri(uri).config(config).build();
                LogManager log = ns.openLog(logName)) {
            AsyncLogWriter writer = log.openAsyncLogWriter().join();   // creates the log, takes the lock
            List<CompletableFuture<DLSN>> acks = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                byte[] payload = ("order-" + i).getBytes(StandardCharsets.UTF_8);
                acks.add(writer.write(LogRecord.of(payload)));      // txid = last + 1
            }
            CompletableFuture.allOf(acks.toArray(new CompletableFuture[0])).join();
            System.out.println("wrote " + count + " records, last at " + writer.getLastDLSN()
                    + " txid " + writer.getLastTxId());
            writer.asyncClose().join();                               // seals the segment, releases the lock
        }
    }
}
