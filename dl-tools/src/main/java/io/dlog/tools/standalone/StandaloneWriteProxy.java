package io.dlog.tools.standalone;

import io.dlog.core.DLConfig;
import io.dlog.protocol.DLException;
import io.dlog.proxy.write.WriteProxy;
import io.dlog.proxy.write.WriteProxyConfig;
import io.dlog.proxy.write.WriteProxyConfigKeys;

/** The write proxy {@code dlog standalone} runs beside its cluster (port 7002 by default). */
public final class StandaloneWriteProxy {
    private StandaloneWriteProxy() {
    }

    /**
     * Starts a write proxy on the standalone's namespace, on 127.0.0.1, with its admin endpoint on a free port.
     *
     * @param standalone the running standalone
     * @param config dl-core's configuration
     * @param port the client port (0: any)
     * @return the proxy; the caller closes it before the standalone
     * @throws DLException if it cannot start (for example the port is taken)
     */
    public static WriteProxy start(Standalone standalone, DLConfig config, int port) throws DLException {
        WriteProxyConfig proxyConfig = WriteProxyConfig.builder().set(WriteProxyConfigKeys.PORT, port)
                .set(WriteProxyConfigKeys.ADMIN_PORT, 0).build();
        return WriteProxy.builder().uri(standalone.namespaceUri()).dlConfig(config).config(proxyConfig).start();
    }
}
