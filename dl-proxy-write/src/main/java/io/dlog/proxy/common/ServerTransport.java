package io.dlog.proxy.common;

import io.dlog.protocol.DLException;
import io.dlog.protocol.StatusCode;
import io.dlog.protocol.wire.WirePipeline;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
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
import java.util.function.Consumer;

/**
 * A proxy's TCP server, for the write and the read proxy alike: Netty event loops named
 * {@code dlog-<role>-io-<n>}, consolidated flushes, the protocol codec of {@link WirePipeline}, then the proxy's own
 * request handlers. Closing it closes every connection.
 */
public final class ServerTransport implements AutoCloseable {
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final ChannelGroup channels;
    private final Channel server;

    private ServerTransport(EventLoopGroup boss, EventLoopGroup workers, ChannelGroup channels, Channel server) {
        this.boss = boss;
        this.workers = workers;
        this.channels = channels;
        this.server = server;
    }

    /**
     * Binds the client port.
     *
     * @param role names the threads ({@code dlog-<role>-io-<n>}) and the error ("cannot bind the {@code <role>}")
     * @param bind the address
     * @param port the port, 0 for any free one
     * @param ioThreads event-loop threads, 0 for Netty's default
     * @param maxFrameBytes the largest frame accepted
     * @param handlers adds the proxy's handlers to a new connection's pipeline, which already has the codec
     * @return the bound server
     * @throws DLException SERVICE_UNAVAILABLE when the port cannot be bound
     */
    public static ServerTransport bind(String role, String bind, int port, int ioThreads, int maxFrameBytes,
            Consumer<ChannelPipeline> handlers) throws DLException {
        EventLoopGroup boss = new NioEventLoopGroup(1, new DefaultThreadFactory("dlog-" + role + "-accept", true));
        EventLoopGroup workers = new NioEventLoopGroup(ioThreads, new DefaultThreadFactory("dlog-" + role + "-io",
                true));
        ChannelGroup channels = new DefaultChannelGroup("dlog-" + role, GlobalEventExecutor.INSTANCE);
        ServerBootstrap b = new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024).option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        channels.add(ch);
                        ch.pipeline().addLast("flush-consolidation", new FlushConsolidationHandler(256, true));
                        WirePipeline.addServerCodec(ch.pipeline(), maxFrameBytes, false);
                        handlers.accept(ch.pipeline());
                    }
                });
        try {
            Channel server = b.bind(new InetSocketAddress(bind, port)).sync().channel();
            channels.add(server);
            return new ServerTransport(boss, workers, channels, server);
        } catch (Exception e) {
            boss.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            workers.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new DLException(StatusCode.SERVICE_UNAVAILABLE, "cannot bind the " + role + " to " + bind + ":"
                    + port + ": " + e, e);
        }
    }

    /** Returns the bound port. */
    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** Stops accepting connections (existing ones stay open). */
    public void stopAccepting() {
        server.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        channels.close().awaitUninterruptibly(10, TimeUnit.SECONDS);
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }
}
