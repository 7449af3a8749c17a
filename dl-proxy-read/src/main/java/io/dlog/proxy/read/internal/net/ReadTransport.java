package io.dlog.proxy.read.internal.net;

import io.dlog.protocol.DLException;
import io.dlog.protocol.StatusCode;
import io.dlog.protocol.wire.WirePipeline;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The read proxy's TCP server: Netty event loops named {@code dlog-read-proxy-io-<n>}, the protocol codec of
 * {@link WirePipeline}, then a {@link ReadRequestHandler} per connection (before the codec's error responder, so it
 * sees bad credit grants). Closing it closes every connection.
 */
public final class ReadTransport implements AutoCloseable {
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final ChannelGroup channels;
    private final Channel server;

    private ReadTransport(EventLoopGroup boss, EventLoopGroup workers, ChannelGroup channels, Channel server) {
        this.boss = boss;
        this.workers = workers;
        this.channels = channels;
        this.server = server;
    }

    /**
     * Binds the client port.
     *
     * @param bind the address
     * @param port the port, 0 for any free one
     * @param ioThreads event-loop threads, 0 for Netty's default
     * @param maxFrameBytes the largest frame accepted
     * @param frontend the proxy
     * @return the bound server
     * @throws DLException SERVICE_UNAVAILABLE when the port cannot be bound
     */
    public static ReadTransport bind(String bind, int port, int ioThreads, int maxFrameBytes, ReadFrontend frontend)
            throws DLException {
        EventLoopGroup boss = new NioEventLoopGroup(1, new DefaultThreadFactory("dlog-read-proxy-accept", true));
        EventLoopGroup workers = new NioEventLoopGroup(ioThreads, new DefaultThreadFactory("dlog-read-proxy-io",
                true));
        ChannelGroup channels = new DefaultChannelGroup("dlog-read-proxy", GlobalEventExecutor.INSTANCE);
        ServerBootstrap b = new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024).option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        channels.add(ch);
                        ch.pipeline().addLast("flush-consolidation", new FlushConsolidationHandler(256, true));
                        WirePipeline.addServerCodec(ch.pipeline(), maxFrameBytes, false);
                        ch.pipeline().addBefore(WirePipeline.ERROR_RESPONDER, "dlog-read-requests",
                                new ReadRequestHandler(frontend));
                    }
                });
        try {
            Channel server = b.bind(new InetSocketAddress(bind, port)).sync().channel();
            channels.add(server);
            return new ReadTransport(boss, workers, channels, server);
        } catch (Exception e) {
            boss.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            workers.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new DLException(StatusCode.SERVICE_UNAVAILABLE, "cannot bind the read proxy to " + bind + ":"
                    + port + ": " + e, e);
        }
    }

    /** Returns the bound port. */
    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    @Override
    public void close() {
        channels.close().awaitUninterruptibly(10, TimeUnit.SECONDS);
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }
}
