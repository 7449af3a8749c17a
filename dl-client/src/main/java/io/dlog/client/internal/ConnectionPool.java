package io.dlog.client.internal;

import io.dlog.client.ClientConfig;
import io.dlog.protocol.DLException;
import io.dlog.protocol.Futures;
import io.dlog.protocol.wire.ErrorResponse;
import io.dlog.protocol.wire.Handshake;
import io.dlog.protocol.wire.HandshakeResponse;
import io.dlog.protocol.wire.WireFormat;
import io.dlog.protocol.wire.WirePipeline;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection per proxy address, opened on first use (TCP connect, then the handshake) and forgotten when it
 * closes. A failed connect is reported as {@link NotSentException}. Thread-safe.
 */
final class ConnectionPool {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionPool.class);

    private final ClientConfig config;
    private final Bootstrap bootstrap;
    private final BiConsumer<String, HandshakeResponse> onHandshake;
    private final Map<String, CompletableFuture<ProxyConnection>> connections = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * @param onHandshake told of every handshake answer (address, answer): the membership and state source
     */
    ConnectionPool(ClientConfig config, EventLoopGroup group, BiConsumer<String, HandshakeResponse> onHandshake) {
        this.config = config;
        this.onHandshake = onHandshake;
        this.bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
                        config.connectTimeout().toMillis()));
    }

    /** Returns the open connection to {@code address}, connecting (and handshaking) if there is none. */
    CompletableFuture<ProxyConnection> get(String address) {
        if (closed) {
            return CompletableFuture.failedFuture(new NotSentException("client is closed"));
        }
        CompletableFuture<ProxyConnection> existing = connections.get(address);
        if (existing != null && (!existing.isDone() || usable(existing))) {
            return existing;
        }
        CompletableFuture<ProxyConnection> fresh = new CompletableFuture<>();
        if (existing == null ? connections.putIfAbsent(address, fresh) != null
                : !connections.replace(address, existing, fresh)) {
            return get(address);
        }
        connect(address, fresh);
        return fresh;
    }

    private static boolean usable(CompletableFuture<ProxyConnection> f) {
        return !f.isCompletedExceptionally() && f.join().isActive();
    }

    private void connect(String address, CompletableFuture<ProxyConnection> result) {
        int colon = address.lastIndexOf(':');
        String host = address.substring(0, colon);
        int port = Integer.parseInt(address.substring(colon + 1));
        ProxyConnection connection = new ProxyConnection(address);
        ChannelFuture cf = bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                WirePipeline.addClientCodec(ch.pipeline(), config.maxFrameBytes(), config.checksums());
                ch.pipeline().addLast("dlog-client-connection", connection);
            }
        }).connect(host, port);
        cf.addListener(f -> {
            if (!f.isSuccess()) {
                fail(address, result, new NotSentException("cannot connect to proxy " + address + ": "
                        + f.cause().getMessage()));
                return;
            }
            connection.closeFuture().thenRun(() -> connections.remove(address, result));
            handshake(connection, result);
        });
    }

    private void handshake(ProxyConnection connection, CompletableFuture<ProxyConnection> result) {
        String address = connection.address();
        connection.send(id -> new Handshake(id, WireFormat.MIN_VERSION, WireFormat.VERSION, config.clientId(), "",
                new byte[0]), config.connectTimeout().toNanos()).whenComplete((response, error) -> {
                    if (error != null) {
                        connection.close(false);
                        DLException e = Futures.toDLException(error);
                        fail(address, result, e instanceof NotSentException ? e
                                : new NotSentException("handshake with " + address + " failed: " + e.getMessage()));
                    } else if (response instanceof HandshakeResponse hs) {
                        connection.handshakeDone(hs);
                        LOG.info("connected proxy={} role={} state={} proxies={}", address, hs.role(), hs.state(),
                                hs.proxies().size());
                        onHandshake.accept(address, hs);
                        if (closed) {
                            connection.close(true);
                        }
                        result.complete(connection);
                    } else {
                        connection.close(false);
                        fail(address, result, response instanceof ErrorResponse err ? err.toException()
                                : new NotSentException("unexpected handshake answer from " + address + ": "
                                        + response));
                    }
                });
    }

    private void fail(String address, CompletableFuture<ProxyConnection> result, DLException e) {
        connections.remove(address, result);
        result.completeExceptionally(e);
    }

    /**
     * Asks one live proxy (not {@code except}) for the current proxies, by sending the handshake again on its open
     * connection; the answer goes to the handshake listener like a new connection's (so the ring drops proxies
     * whose registration is gone). Does nothing when no other connection is open. Never blocks.
     *
     * @param except the proxy that just failed
     */
    void refreshMembership(String except) {
        for (Map.Entry<String, CompletableFuture<ProxyConnection>> e : connections.entrySet()) {
            CompletableFuture<ProxyConnection> f = e.getValue();
            if (e.getKey().equals(except) || !f.isDone() || !usable(f)) {
                continue;
            }
            ProxyConnection c = f.join();
            c.send(id -> new Handshake(id, WireFormat.MIN_VERSION, WireFormat.VERSION, config.clientId(), "",
                    new byte[0]), config.connectTimeout().toNanos()).whenComplete((response, error) -> {
                        if (response instanceof HandshakeResponse hs) {
                            c.handshakeDone(hs);
                            onHandshake.accept(c.address(), hs);
                        }
                    });
            return;
        }
    }

    /** Returns the answer to a handshake of a live connection, or null. */
    HandshakeResponse handshakeOf(String address) {
        CompletableFuture<ProxyConnection> f = connections.get(address);
        return f != null && f.isDone() && usable(f) ? f.join().handshake() : null;
    }

    /** Closes every connection; calls in flight end with {@code CLIENT_CLOSED}. */
    List<CompletableFuture<Void>> close() {
        closed = true;
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (CompletableFuture<ProxyConnection> f : connections.values()) {
            if (f.isDone() && !f.isCompletedExceptionally()) {
                ProxyConnection c = f.join();
                c.close(true);
                done.add(c.closeFuture());
            }
        }
        connections.clear();
        return done;
    }
}
