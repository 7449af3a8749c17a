package io.dlog.tools.standalone;

import io.dlog.core.DLConfig;
import io.dlog.protocol.DLException;
import io.dlog.proxy.read.ReadProxy;
import io.dlog.proxy.read.ReadProxyConfig;
import io.dlog.proxy.read.ReadProxyConfigKeys;

/** The read proxy {@code dlog standalone} runs beside its cluster (port 7003 by default). */
public final class StandaloneReadProxy {
    private StandaloneReadProxy() {
    }

    /**
     * Starts a read proxy on the standalone's namespace, on 127.0.0.1, with its admin endpoint on a free port.
     *
     * @param standalone the running standalone
     * @param config dl-core's configuration
     * @param port the client port (0: any)
     * @return the proxy; the caller closes it before the standalone
     * @throws DLException if it cannot start (for example the port is taken)
     */
    public static ReadProxy start(Standalone standalone, DLConfig config, int port) throws DLException {
        ReadProxyConfig proxyConfig = ReadProxyConfig.builder().set(ReadProxyConfigKeys.PORT, port)
                .set(ReadProxyConfigKeys.ADMIN_PORT, 0).build();
        return ReadProxy.builder().uri(standalone.namespaceUri()).dlConfig(config).config(proxyConfig).start();
    }
}
