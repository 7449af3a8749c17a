package io.dlog.core.examples;

import io.dlog.core.AsyncLogReader;
import io.dlog.core.LogManager;
import io.dlog.core.Namespace;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.EndOfStreamException;
import io.dlog.protocol.Futures;
import io.dlog.protocol.LogRecordWithDLSN;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * The example of docs/reading.md: print a log from its first record, following the tail, until the log is
 * sealed. Run it against {@code bin/dlog standalone}: {@code TailExample dlog://127.0.0.1:7000/example orders}.
 */
public final class TailExample {
    private TailExample() {
    }

    /**
     * Tails a log.
     *
     * @param args namespace URI, log name
     */
    public static void main(String[] args) throws Exception {
        tail(URI.create(args[0]), args[1], System.out);
    }

    static void tail(URI uri, String logName, PrintStream out) throws Exception {
        try (Namespace ns = Namespace.builder().uri(uri).build();
                LogManager log = ns.openLog(logName);
                AsyncLogReader reader = log.openAsyncLogReader(DLSN.INITIAL).join()) {
            while (true) {
                List<LogRecordWithDLSN> batch = Futures.result(reader.readBulk(100), Duration.ofDays(365));
                for (LogRecordWithDLSN r : batch) {
                    out.println(r.dlsn() + " txid=" + r.txid() + " " + new String(r.payload(), StandardCharsets.UTF_8));
                }
            }
        } catch (EndOfStreamException sealed) {
            out.println("end of stream");
        }
    }
}
