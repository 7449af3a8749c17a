package io.dlog.chaos;

import io.dlog.core.DLConfig;
import io.dlog.core.DLConfigKeys;
import io.dlog.protocol.DLException;
import io.dlog.proxy.read.ReadProxy;
import io.dlog.proxy.read.ReadProxyConfig;
import io.dlog.proxy.read.ReadProxyConfigKeys;
import io.dlog.proxy.write.WriteProxy;
import io.dlog.proxy.write.WriteProxyConfig;
import io.dlog.proxy.write.WriteProxyConfigKeys;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A write proxy or a read proxy as a node of a run: {@code ChildMain write-proxy|read-proxy --uri U --port P
 * --session-ms S [--host H]} (H, default 127.0.0.1, is bound and advertised). It serves on its fixed port,
 * drains on SIGTERM (a shutdown hook: the graceful stop of a rolling
 * restart, locks released at once) and dies on {@code kill -9}. A proxy that stops on its own (it cannot serve any
 * more) is started again in the same process, as a supervisor would.
 */
final class ProxyNodeMain {

    private static final Logger LOG = LoggerFactory.getLogger(ProxyNodeMain.class);
    private static final long DRAIN_TIMEOUT_MS = 10_000;

    private ProxyNodeMain() {
    }

    /** One running proxy of either kind. */
    private interface Running {
        CompletableFuture<Void> terminated();

        void close();
    }

    /**
     * Runs the proxy until the process ends.
     *
     * @param write true for a write proxy, false for a read proxy
     * @param args  {@code --uri U --port P --session-ms S [--host H]}
     */
    static void main(boolean write, String[] args) throws Exception {
        URI uri = null;
        int port = -1;
        long session = 4000;
        String host = "127.0.0.1";
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--uri" -> uri = URI.create(args[i + 1]);
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--session-ms" -> session = Long.parseLong(args[i + 1]);
                case "--host" -> host = args[i + 1];
                default -> throw new IllegalArgumentException("unknown proxy option " + args[i]);
            }
        }
        if (uri == null || port < 0) {
            throw new IllegalArgumentException("a proxy node needs --uri and --port");
        }
        String kind = write ? "write-proxy" : "read-proxy";
        DLConfig dl = config(session);
        while (true) {
            Running proxy = start(write, uri, host, port, dl);
            Thread hook = new Thread(proxy::close, "chaos-proxy-drain");
            Runtime.getRuntime().addShutdownHook(hook);
            LOG.info("chaos {} serving host={} port={}", kind, host, port);
            proxy.terminated().join();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                return;   // SIGTERM: the JVM is shutting down, and the hook drained the proxy
            }
            LOG.warn("chaos {} stopped on its own; starting it again", kind);
        }
    }

    /** Starts the proxy, retrying while ZooKeeper or the old process's port are not available yet. */
    private static Running start(boolean write, URI uri, String host, int port, DLConfig dl) {
        while (true) {
            try {
                if (write) {
                    WriteProxy p = WriteProxy.builder().uri(uri).dlConfig(dl).config(WriteProxyConfig.builder()
                            .set(WriteProxyConfigKeys.PORT, port)
                            .set(WriteProxyConfigKeys.BIND_ADDRESS, host)
                            .set(WriteProxyConfigKeys.ADVERTISED_ADDRESS, host).set(WriteProxyConfigKeys.ADMIN_PORT, -1)
                            .set(WriteProxyConfigKeys.DRAIN_TIMEOUT_MS, DRAIN_TIMEOUT_MS).build()).start();
                    return new Running() {
                        public CompletableFuture<Void> terminated() {
                            return p.terminated();
                        }

                        public void close() {
                            p.close();
                        }
                    };
                }
                ReadProxy p = ReadProxy.builder().uri(uri).dlConfig(dl).config(ReadProxyConfig.builder()
                        .set(ReadProxyConfigKeys.PORT, port)
                        .set(ReadProxyConfigKeys.BIND_ADDRESS, host).set(ReadProxyConfigKeys.ADVERTISED_ADDRESS, host)
                        .set(ReadProxyConfigKeys.ADMIN_PORT, -1).build()).start();
                return new Running() {
                    public CompletableFuture<Void> terminated() {
                        return p.terminated();
                    }

                    public void close() {
                        p.close();
                    }
                };
            } catch (DLException e) {
                LOG.warn("chaos proxy cannot start yet: {}", e.toString());
                LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
            }
        }
    }

    /** The proxies' dl-core settings: the clients' short session and timeouts, rolls every 10 s. */
    private static DLConfig config(long sessionMillis) {
        return DLConfig.builder()
                .set(DLConfigKeys.ZK_SESSION_TIMEOUT_MS, sessionMillis)
                .set(DLConfigKeys.ZK_CONNECT_TIMEOUT_MS, 30_000L)
                .set(DLConfigKeys.LOCK_TIMEOUT_MS, 2 * sessionMillis)
                .set(DLConfigKeys.BK_TIMEOUT_MS, 5_000L)
                .set(DLConfigKeys.SEGMENT_ROLL_INTERVAL_MS, 10_000L)
                .build();
    }
}
