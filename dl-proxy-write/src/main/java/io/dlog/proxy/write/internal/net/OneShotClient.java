package io.dlog.proxy.write.internal.net;

import io.dlog.protocol.DLException;
import io.dlog.protocol.StatusCode;
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
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One connection for operator commands: handshake, one request, the answer, close. Blocking; for tools, never for
 * the data path (clients use dl-client).
 */
public final class OneShotClient {
    private OneShotClient() {
    }

    /**
     * Handshakes with a proxy and sends one request built from the next request id.
     *
     * @param address {@code host:port}
     * @param request builds the request from its id (2; the handshake is 1), or null for the handshake alone
     * @param timeout bound on connect and each answer
     * @return the answer (the handshake answer when {@code request} is null); an {@link ErrorResponse} is
     *     returned as is
     * @throws DLException SERVICE_UNAVAILABLE when the proxy cannot be reached, TIMEOUT when it does not answer
     */
    public static Response call(String address, Function<Long, Request> request, Duration timeout)
            throws DLException {
        int colon = address.lastIndexOf(':');
        if (colon <= 0) {
            throw new DLException(StatusCode.INVALID_ARGUMENT, "proxy address must be host:port, got " + address);
        }
        EventLoopGroup group = new NioEventLoopGroup(1, new DefaultThreadFactory("dlog-proxy-admin-client", true));
        CompletableFuture<Response>[] answer = newAnswers();
        try {
            Bootstrap b = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeout.toMillis())
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            WirePipeline.addClientCodec(ch.pipeline(), WireFormat.DEFAULT_MAX_FRAME_BYTES, false);
                            ch.pipeline().addLast(new SimpleChannelInboundHandler<Object>() {
                                @Override
                                protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
                                    if (msg instanceof Response r && r.requestId() >= 1 && r.requestId() <= 2) {
                                        answer[(int) r.requestId() - 1].complete(r);
                                    } else if (msg instanceof WireError e) {
                                        fail(answer, new DLException(e.code(), e.message()));
                                    }
                                }

                                @Override
                                public void channelInactive(ChannelHandlerContext ctx) {
                                    fail(answer, new DLException(StatusCode.SERVICE_UNAVAILABLE, "proxy "
                                            + address + " closed the connection"));
                                }
                            });
                        }
                    });
            Channel ch = b.connect(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)))
                    .sync().channel();
            ch.writeAndFlush(Handshake.of(1, "dlog-cli"));
            Response hs = answer[0].get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (request == null || !(hs instanceof HandshakeResponse)) {
                return hs;
            }
            ch.writeAndFlush(request.apply(2L));
            Response r = answer[1].get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            ch.close();
            return r;
        } catch (java.util.concurrent.TimeoutException e) {
            throw new DLException(StatusCode.TIMEOUT, "proxy " + address + " did not answer within "
                    + timeout.toMillis() + " ms");
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof DLException d ? d : new DLException(StatusCode.SERVICE_UNAVAILABLE,
                    "proxy " + address + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DLException(StatusCode.INTERRUPTED, "interrupted talking to proxy " + address, e);
        } catch (Exception e) {
            throw new DLException(StatusCode.SERVICE_UNAVAILABLE, "cannot reach proxy " + address + ": " + e, e);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    @SuppressWarnings("unchecked")
    private static CompletableFuture<Response>[] newAnswers() {
        return new CompletableFuture[] {new CompletableFuture<Response>(), new CompletableFuture<Response>()};
    }

    private static void fail(CompletableFuture<Response>[] answers, DLException e) {
        for (CompletableFuture<Response> f : answers) {
            f.completeExceptionally(e);
        }
    }
}
