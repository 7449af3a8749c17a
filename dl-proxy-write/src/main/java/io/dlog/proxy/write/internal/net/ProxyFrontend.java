package io.dlog.proxy.write.internal.net;

import io.dlog.protocol.wire.ProxyEndpoint;
import io.dlog.proxy.write.internal.service.WriteService;
import java.util.List;

/** What the connection handlers need from the proxy: its operations, its state, and the live proxies. */
public interface ProxyFrontend {
    /** Returns the operations, or null while the proxy is still starting. */
    WriteService service();

    /** Returns whether the proxy takes new streams. */
    boolean serving();

    /** Returns the live proxies for the handshake answer. */
    List<ProxyEndpoint> proxies();

    /** Returns this proxy's {@code host:port}, or empty while starting. */
    String address();
}
