package io.dlog.proxy.write;

import io.dlog.core.DLConfig;
import io.dlog.core.DLConfigKeys;
import io.dlog.core.LogManager;
import io.dlog.core.LogReader;
import io.dlog.core.Namespace;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.LogRecordWithDLSN;
import io.dlog.protocol.wire.ErrorResponse;
import io.dlog.protocol.wire.Response;
import io.dlog.protocol.wire.Write;
import io.dlog.protocol.wire.WriteResponse;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Helpers shared by the proxy tests. */
final class ProxyTesting {
    private ProxyTesting() {
    }

    /** dl-core settings for tests: short flush interval and session timeout. */
    static DLConfig dlConfig(Duration sessionTimeout) {
        return DLConfig.builder().set(DLConfigKeys.ZK_SESSION_TIMEOUT_MS, sessionTimeout.toMillis())
                .set(DLConfigKeys.FLUSH_INTERVAL_MS, 1L).build();
    }

    /** A proxy on an ephemeral port with an admin endpoint on another. */
    static WriteProxy startProxy(URI uri, DLConfig dl, WriteProxyConfig config) throws Exception {
        return WriteProxy.builder().uri(uri).dlConfig(dl).config(config.toBuilder()
                .set(WriteProxyConfigKeys.PORT, 0).set(WriteProxyConfigKeys.ADMIN_PORT, 0).build()).start();
    }

    /** Writes one UTF-8 record and waits for the answer. */
    static Response write(WireClient c, String stream, String text) throws Exception {
        return c.send(Write.of(c.nextId(), stream, text.getBytes(StandardCharsets.UTF_8))).get(60, TimeUnit.SECONDS);
    }

    /** Writes and expects success. */
    static DLSN writeOk(WireClient c, String stream, String text) throws Exception {
        Response r = write(c, stream, text);
        if (r instanceof WriteResponse w) {
            return w.dlsn();
        }
        throw new AssertionError("write to " + stream + " failed: " + (r instanceof ErrorResponse e ? e : r));
    }

    /** Reads every record of a log as UTF-8 text. */
    static List<String> readAll(Namespace ns, String stream) throws Exception {
        List<String> out = new ArrayList<>();
        try (LogManager log = ns.openLog(stream)) {
            long count = log.getLogRecordCount();
            if (count == 0) {
                return out;
            }
            try (LogReader r = log.openLogReader(DLSN.INITIAL)) {
                while (out.size() < count) {
                    LogRecordWithDLSN rec = r.readNext(Duration.ofSeconds(30));
                    if (rec == null) {
                        throw new AssertionError("log " + stream + " ended at " + out.size() + " of " + count);
                    }
                    out.add(new String(rec.payload(), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }
}
