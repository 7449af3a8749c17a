package io.dlog.proxy.read.internal.net;

import io.dlog.protocol.wire.ProxyEndpoint;
import io.dlog.proxy.read.internal.ReadProxyMetrics;
import io.dlog.proxy.read.internal.feed.FeedTable;
import java.util.List;

/** What the connection handlers need from the read proxy. */
public interface ReadFrontend {
    /** Returns the feeds, or null while the proxy is starting. */
    FeedTable feeds();

    /** Returns the metrics, or null while the proxy is starting. */
    ReadProxyMetrics metrics();

    /** Returns whether the proxy takes new readers. */
    boolean serving();

    /** Returns the live proxies for the handshake answer. */
    List<ProxyEndpoint> proxies();

    /** Returns this proxy's {@code host:port}, or empty while starting. */
    String address();

    /** Starts a stop (the protocol's {@code DRAIN}, from an operator): readers end SERVICE_UNAVAILABLE. */
    void stop();
}
