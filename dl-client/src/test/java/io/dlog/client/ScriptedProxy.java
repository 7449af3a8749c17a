package io.dlog.client;

import io.dlog.protocol.DLSN;
import io.dlog.protocol.wire.AckResponse;
import io.dlog.protocol.wire.GetOwner;
import io.dlog.protocol.wire.GetOwnerResponse;
import io.dlog.protocol.wire.Handshake;
import io.dlog.protocol.wire.HandshakeResponse;
import io.dlog.protocol.wire.Opcode;
import io.dlog.protocol.wire.ProxyEndpoint;
import io.dlog.protocol.wire.Request;
import io.dlog.protocol.wire.Response;
import io.dlog.protocol.wire.ServerRole;
import io.dlog.protocol.wire.ServerState;
import io.dlog.protocol.wire.WireFormat;
import io.dlog.protocol.wire.WirePipeline;
import io.dlog.protocol.wire.Write;
import io.dlog.protocol.wire.WriteBulk;
import io.dlog.protocol.wire.WriteBulkResponse;
import io.dlog.protocol.wire.WriteResponse;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A small in-process server of the wire protocol, built from dl-protocol's codec, that answers as a test scripts
 * it: FOUND redirects, draining, rejections, silence or a dropped connection. Not a proxy (no BookKeeper, no
 * ZooKeeper): by default it answers every write with the next DLSN of its own counter. Records every request it
 * receives, in arrival order.
 */
final class ScriptedProxy implements AutoCloseable {
    /** What to do with one request. */
    @FunctionalInterface
    interface Script {
        /**
         * @return the answer, {@link #SILENT} to never answer, {@link #DROP} to close the connection, or null for
         *     the default answer
         */
        Response answer(ScriptedProxy proxy, Request request);
    }

    /** Marker: send no answer. */
    static final Response SILENT = new AckResponse(Long.MAX_VALUE, Opcode.DRAIN);
    /** Marker: close the connection. */
    static final Response DROP = new AckResponse(Long.MAX_VALUE - 1, Opcode.DRAIN);

    private final EventLoopGroup group = new NioEventLoopGroup(1, new DefaultThreadFactory("test-proxy", true));
    private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final Channel server;
    private final List<Request> received = new CopyOnWriteArrayList<>();
    private final AtomicLong entries = new AtomicLong();
    private volatile Script script = (p, r) -> null;
    private volatile Supplier<List<ProxyEndpoint>> members = List::of;
    private volatile ServerState state = ServerState.SERVING;
    private volatile Channel lastConnection;

    ScriptedProxy() throws InterruptedException {
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        channels.add(ch);
                        WirePipeline.addServerCodec(ch.pipeline(), WireFormat.DEFAULT_MAX_FRAME_BYTES, false);
                        ch.pipeline().addLast(new Handler());
                    }
                }).bind("127.0.0.1", 0).sync().channel();
    }

    String address() {
        return "127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort();
    }

    ScriptedProxy script(Script s) {
        this.script = s;
        return this;
    }

    ScriptedProxy members(Supplier<List<ProxyEndpoint>> m) {
        this.members = m;
        return this;
    }

    ScriptedProxy state(ServerState s) {
        this.state = s;
        return this;
    }

    /** Every request received (handshakes excluded), in arrival order. */
    List<Request> received() {
        List<Request> out = new ArrayList<>();
        for (Request r : received) {
            if (!(r instanceof Handshake)) {
                out.add(r);
            }
        }
        return out;
    }

    /** Payloads of the writes received (single and bulk), as UTF-8 strings, in arrival order. */
    List<String> writes() {
        List<String> out = new ArrayList<>();
        for (Request r : received()) {
            out.addAll(payloads(r));
        }
        return out;
    }

    /** The records a request carries, as UTF-8 strings: one for a write, each of a bulk's, none for others. */
    static List<String> payloads(Request r) {
        List<String> out = new ArrayList<>();
        if (r instanceof Write w) {
            out.add(new String(w.payload(), java.nio.charset.StandardCharsets.UTF_8));
        } else if (r instanceof WriteBulk b) {
            for (byte[] p : b.payloads()) {
                out.add(new String(p, java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    /** The success answer to a write or bulk write that the script applied at {@code firstEntry} onward. */
    static Response applied(Request r, long firstEntry) {
        if (r instanceof WriteBulk b) {
            List<DLSN> dlsns = new ArrayList<>();
            for (int i = 0; i < b.payloads().size(); i++) {
                dlsns.add(new DLSN(1, firstEntry + i, 0));
            }
            return new WriteBulkResponse(r.requestId(), dlsns);
        }
        return new WriteResponse(r.requestId(), new DLSN(1, firstEntry, 0));
    }

    Response defaultAnswer(Request r) {
        if (r instanceof Handshake) {
            return new HandshakeResponse(r.requestId(), WireFormat.VERSION, ServerRole.WRITE_PROXY, state, address(),
                    members.get());
        }
        if (r instanceof Write) {
            return new WriteResponse(r.requestId(), new DLSN(1, entries.getAndIncrement(), 0));
        }
        if (r instanceof WriteBulk b) {
            long entry = entries.getAndIncrement();
            List<DLSN> dlsns = new ArrayList<>();
            for (int i = 0; i < b.payloads().size(); i++) {
                dlsns.add(new DLSN(1, entry, i));
            }
            return new WriteBulkResponse(r.requestId(), dlsns);
        }
        if (r instanceof GetOwner) {
            return new GetOwnerResponse(r.requestId(), address());
        }
        return new AckResponse(r.requestId(), r.opcode());
    }

    /** Sends an answer on the connection that sent the last request (for answers a script held back). */
    void respond(Response response) {
        lastConnection.writeAndFlush(response).awaitUninterruptibly();
    }

    /** Closes the connection that sent the last request. */
    void dropLastConnection() {
        lastConnection.close().awaitUninterruptibly();
    }

    @Override
    public void close() {
        server.close().awaitUninterruptibly();
        channels.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }

    private final class Handler extends SimpleChannelInboundHandler<Request> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Request request) {
            lastConnection = ctx.channel();
            received.add(request);
            Response answer = request instanceof Handshake ? null : script.answer(ScriptedProxy.this, request);
            if (answer == SILENT) {
                return;
            }
            if (answer == DROP) {
                ctx.close();
                return;
            }
            ctx.writeAndFlush(answer != null ? answer : defaultAnswer(request));
        }
    }
}
