package io.dlog.proxy.read.internal.net;

import io.dlog.core.SubscriptionLease;
import io.dlog.protocol.DLException;
import io.dlog.protocol.Futures;
import io.dlog.protocol.StatusCode;
import io.dlog.protocol.wire.AckResponse;
import io.dlog.protocol.wire.CloseReader;
import io.dlog.protocol.wire.CommitPosition;
import io.dlog.protocol.wire.CommitResponse;
import io.dlog.protocol.wire.Drain;
import io.dlog.protocol.wire.ErrorResponse;
import io.dlog.protocol.wire.Handshake;
import io.dlog.protocol.wire.HandshakeResponse;
import io.dlog.protocol.wire.Heartbeat;
import io.dlog.protocol.wire.OpenReader;
import io.dlog.protocol.wire.Opcode;
import io.dlog.protocol.wire.ReadCredit;
import io.dlog.protocol.wire.Request;
import io.dlog.protocol.wire.Response;
import io.dlog.protocol.wire.ServerRole;
import io.dlog.protocol.wire.ServerState;
import io.dlog.protocol.wire.WireError;
import io.dlog.protocol.wire.WireFormat;
import io.dlog.protocol.wire.WirePipeline;
import io.dlog.proxy.read.internal.ReadProxyMetrics;
import io.dlog.proxy.read.internal.feed.FeedTable;
import io.dlog.proxy.read.internal.feed.Subscriber;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one connection of the read proxy: the handshake, then readers (open, credit, close). Sits before the
 * codec's error responder, so it also sees the bad frames: a bad credit grant ends its reader. Runs on the
 * connection's event loop and only hands work to the {@link FeedTable} (which runs it on the feed executor);
 * the reader map is touched on the event loop only. One instance per connection.
 */
public final class ReadRequestHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ReadRequestHandler.class);

    private final ReadFrontend frontend;
    private final Map<Long, Subscriber> readers = new HashMap<>();
    /** The readers opened with a durable subscription (their close is answered once the lock is released). */
    private final Set<Long> subscriptionReaders = new HashSet<>();
    private boolean handshaken;
    private String clientId = "";

    /**
     * The read proxy's handler for a new connection's pipeline: one per connection, before the codec's error
     * responder, so it sees bad credit grants.
     *
     * @param frontend the proxy
     * @return what {@link io.dlog.proxy.common.ServerTransport#bind} adds to each pipeline
     */
    public static Consumer<ChannelPipeline> handlers(ReadFrontend frontend) {
        return p -> p.addBefore(WirePipeline.ERROR_RESPONDER, "dlog-read-requests", new ReadRequestHandler(frontend));
    }

    /**
     * Makes a handler for one connection.
     *
     * @param frontend the proxy
     */
    public ReadRequestHandler(ReadFrontend frontend) {
        this.frontend = frontend;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        ReadProxyMetrics m = frontend.metrics();
        if (m != null) {
            m.connectionOpened();
        }
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        ReadProxyMetrics m = frontend.metrics();
        if (m != null) {
            m.connectionClosed();
        }
        FeedTable feeds = frontend.feeds();
        if (feeds != null) {
            for (Subscriber s : readers.values()) {
                feeds.close(s);
            }
        }
        readers.clear();
        subscriptionReaders.clear();
        LOG.debug("connection closed client={} remote={}", clientId, ctx.channel().remoteAddress());
        super.channelInactive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof WireError e) {
            if (e.opcode() == Opcode.READ_CREDIT.value()) {
                Subscriber s = readers.get(e.requestId());
                FeedTable feeds = frontend.feeds();
                if (s != null && feeds != null) {
                    feeds.end(s, new DLException(e.code(), "bad credit grant: " + e.message()));
                }
            }
            ctx.fireChannelRead(msg); // the error responder answers it
            return;
        }
        if (msg instanceof Request req) {
            serve(ctx.channel(), req);
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    private void serve(Channel ch, Request req) {
        if (req instanceof Handshake h) {
            ch.writeAndFlush(handshake(h));
            return;
        }
        FeedTable feeds = frontend.feeds();
        if (!handshaken || feeds == null) {
            StatusCode code = feeds == null ? StatusCode.SERVICE_UNAVAILABLE : StatusCode.MALFORMED_REQUEST;
            String why = feeds == null ? "read proxy is starting" : "the first request of a connection must be a "
                    + "handshake";
            ch.writeAndFlush(ErrorResponse.of(req.requestId(), req.opcode().value(), code, why));
            return;
        }
        if (req instanceof OpenReader o) {
            open(ch, feeds, o);
        } else if (req instanceof ReadCredit c) {
            Subscriber s = readers.get(c.readerId());
            if (s != null) {
                feeds.credit(s, c.records(), c.bytes());
            }
        } else if (req instanceof CloseReader c) {
            Subscriber s = readers.remove(c.readerId());
            if (s != null) {
                feeds.close(s);
            }
            if (s != null && subscriptionReaders.remove(c.readerId())) {
                s.released().whenComplete((v, t) -> ch.writeAndFlush(new AckResponse(c.requestId(),
                        Opcode.CLOSE_READER)));
            } else {
                ch.writeAndFlush(new AckResponse(c.requestId(), Opcode.CLOSE_READER));
            }
        } else if (req instanceof CommitPosition c) {
            commit(ch, c);
        } else if (req instanceof Drain d) {
            LOG.info("drain requested client={} remote={}", clientId, ch.remoteAddress());
            ch.writeAndFlush(new AckResponse(d.requestId(), Opcode.DRAIN));
            frontend.stop();
        } else if (req instanceof Heartbeat hb && hb.stream().isEmpty()) {
            ch.writeAndFlush(new AckResponse(hb.requestId(), Opcode.HEARTBEAT));
        } else {
            ch.writeAndFlush(ErrorResponse.of(req.requestId(), req.opcode().value(), StatusCode.NOT_IMPLEMENTED,
                    req.opcode() + " is not served by a read proxy; send it to a write proxy"));
        }
    }

    private void open(Channel ch, FeedTable feeds, OpenReader o) {
        if (readers.containsKey(o.requestId())) {
            ch.writeAndFlush(ErrorResponse.of(o.requestId(), o.opcode().value(), StatusCode.DUPLICATE_REQUEST_ID,
                    "reader id " + o.requestId() + " is in use on this connection"));
            return;
        }
        if (!frontend.serving()) {
            ch.writeAndFlush(ErrorResponse.of(o.requestId(), o.opcode().value(), StatusCode.SERVICE_UNAVAILABLE,
                    "read proxy " + frontend.address() + " is stopping; use another read proxy"));
            return;
        }
        Subscriber s = new Subscriber(o.requestId(), o.stream(), o.creditRecords(), o.creditBytes(),
                new ChannelSink(ch, o.requestId(), this));
        readers.put(o.requestId(), s);
        if (!o.subscription().isEmpty()) {
            subscriptionReaders.add(o.requestId());
        }
        feeds.open(s, o);
    }

    /** Commits a subscription's position through the lease its reader holds; answered when ZooKeeper has it. */
    private void commit(Channel ch, CommitPosition c) {
        Subscriber s = readers.get(c.readerId());
        SubscriptionLease lease = s == null ? null : s.lease();
        ReadProxyMetrics m = frontend.metrics();
        if (lease == null) {
            if (m != null) {
                m.committed(false);
            }
            ch.writeAndFlush(ErrorResponse.of(c.requestId(), c.opcode().value(), StatusCode.INVALID_ARGUMENT,
                    s == null ? "no reader " + c.readerId() + " on this connection"
                            : "reader " + c.readerId() + " was not opened with a subscription"));
            return;
        }
        lease.commit(c.dlsn()).whenComplete((stored, t) -> {
            if (m != null) {
                m.committed(t == null);
            }
            ch.writeAndFlush(t == null ? new CommitResponse(c.requestId(), stored)
                    : ErrorResponse.of(c.requestId(), c.opcode().value(), Futures.toDLException(t)));
        });
    }

    /** The reader ended (its last frame is being written): its id is free again. On the event loop. */
    void forget(long readerId, ChannelSink sink) {
        Subscriber s = readers.get(readerId);
        if (s != null && s.sinkIs(sink)) {
            readers.remove(readerId);
            subscriptionReaders.remove(readerId);
        }
    }

    private Response handshake(Handshake h) {
        int version = Math.min(h.maxVersion(), WireFormat.VERSION);
        if (version < Math.max(h.minVersion(), WireFormat.MIN_VERSION)) {
            return ErrorResponse.of(h.requestId(), h.opcode().value(), StatusCode.UNSUPPORTED_VERSION,
                    "client speaks versions " + h.minVersion() + ".." + h.maxVersion() + "; this proxy speaks "
                            + WireFormat.MIN_VERSION + ".." + WireFormat.VERSION);
        }
        handshaken = true;
        clientId = h.clientId();
        return new HandshakeResponse(h.requestId(), version, ServerRole.READ_PROXY,
                frontend.serving() ? ServerState.SERVING : ServerState.DRAINING, frontend.address(),
                frontend.proxies());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("connection error client={} remote={} error={}", clientId, ctx.channel().remoteAddress(),
                cause.toString());
        ctx.close();
    }
}
