package io.dlog.proxy.write;

import io.dlog.protocol.wire.ErrorResponse;
import io.dlog.protocol.wire.Handshake;
import io.dlog.protocol.wire.HandshakeResponse;
import io.dlog.protocol.wire.Request;
import io.dlog.protocol.wire.Response;
import io.dlog.protocol.wire.WireError;
import io.dlog.protocol.wire.WireFormat;
import io.dlog.protocol.wire.WirePipeline;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A minimal protocol client for tests: one connection, a handshake, requests sent and answered by id. Fails every
 * pending request with an {@link IOException} when the connection drops. Thread-safe.
 */
public final class WireClient implements AutoCloseable {
    private final EventLoopGroup group;
    private final Channel channel;
    private final Map<Long, CompletableFuture<Response>> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private volatile HandshakeResponse handshake;

    private WireClient(EventLoopGroup group, String address) throws IOException {
        this.group = group;
        int colon = address.lastIndexOf(':');
        Bootstrap b = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true).option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        WirePipeline.addClientCodec(ch.pipeline(), WireFormat.DEFAULT_MAX_FRAME_BYTES, false);
                        ch.pipeline().addLast(new SimpleChannelInboundHandler<Object>() {
                            @Override
                            protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
                                onMessage(msg);
                            }

                            @Override
                            public void channelInactive(ChannelHandlerContext ctx) {
                                failAll(new IOException("connection to " + address + " closed"));
                            }

                            @Override
                            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                ctx.close();
                            }
                        });
                    }
                });
        try {
            this.channel = b.connect(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)))
                    .sync().channel();
        } catch (Exception e) {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw new IOException("cannot connect to " + address + ": " + e, e);
        }
    }

    /**
     * Connects and handshakes.
     *
     * @param address {@code host:port}
     * @param clientId the client id
     * @return the connected client
     */
    public static WireClient connect(String address, String clientId) throws IOException {
        WireClient c = new WireClient(new NioEventLoopGroup(1, new DefaultThreadFactory("test-wire-client", true)),
                address);
        try {
            Response r = c.send(Handshake.of(c.nextId(), clientId)).get(30, TimeUnit.SECONDS);
            if (!(r instanceof HandshakeResponse h)) {
                throw new IOException("handshake refused: " + r);
            }
            c.handshake = h;
            return c;
        } catch (IOException e) {
            c.close();
            throw e;
        } catch (Exception e) {
            c.close();
            throw new IOException("handshake failed: " + e, e);
        }
    }

    /** Returns the handshake answer. */
    public HandshakeResponse handshake() {
        return handshake;
    }

    /** Returns a fresh request id. */
    public long nextId() {
        return ids.incrementAndGet();
    }

    /**
     * Sends a request.
     *
     * @param r the request
     * @return its answer
     */
    public CompletableFuture<Response> send(Request r) {
        CompletableFuture<Response> f = new CompletableFuture<>();
        pending.put(r.requestId(), f);
        if (!channel.isActive()) {
            failAll(new IOException("connection closed"));
            return f;
        }
        channel.writeAndFlush(r).addListener(w -> {
            if (!w.isSuccess()) {
                CompletableFuture<Response> p = pending.remove(r.requestId());
                if (p != null) {
                    p.completeExceptionally(new IOException("send failed", w.cause()));
                }
            }
        });
        return f;
    }

    /** Returns whether the connection is open. */
    public boolean isOpen() {
        return channel.isActive();
    }

    private void onMessage(Object msg) {
        if (msg instanceof Response r) {
            if (r instanceof ErrorResponse e && e.requestId() == WireFormat.CONNECTION_REQUEST_ID) {
                failAll(new IOException("connection error: " + e));
                return;
            }
            CompletableFuture<Response> f = pending.remove(r.requestId());
            if (f != null) {
                f.complete(r);
            }
        } else if (msg instanceof WireError e) {
            failAll(new IOException("bad frame from server: " + e));
            channel.close();
        }
    }

    private void failAll(IOException e) {
        for (Long id : pending.keySet()) {
            CompletableFuture<Response> f = pending.remove(id);
            if (f != null) {
                f.completeExceptionally(e);
            }
        }
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }
}
