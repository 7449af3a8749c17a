package io.dlog.proxy.write.internal.net;

import io.dlog.protocol.DLException;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.Futures;
import io.dlog.protocol.LogRecord;
import io.dlog.protocol.StatusCode;
import io.dlog.protocol.wire.AckResponse;
import io.dlog.protocol.wire.BatchingWriter;
import io.dlog.protocol.wire.Create;
import io.dlog.protocol.wire.Delete;
import io.dlog.protocol.wire.Drain;
import io.dlog.protocol.wire.ErrorResponse;
import io.dlog.protocol.wire.GetOwner;
import io.dlog.protocol.wire.GetOwnerResponse;
import io.dlog.protocol.wire.Handshake;
import io.dlog.protocol.wire.HandshakeResponse;
import io.dlog.protocol.wire.Heartbeat;
import io.dlog.protocol.wire.Release;
import io.dlog.protocol.wire.Request;
import io.dlog.protocol.wire.Response;
import io.dlog.protocol.wire.ServerRole;
import io.dlog.protocol.wire.ServerState;
import io.dlog.protocol.wire.Truncate;
import io.dlog.protocol.wire.WireFormat;
import io.dlog.protocol.wire.WirePipeline;
import io.dlog.protocol.wire.Write;
import io.dlog.protocol.wire.WriteBulk;
import io.dlog.protocol.wire.WriteBulkResponse;
import io.dlog.protocol.wire.WriteResponse;
import io.dlog.proxy.write.internal.service.WriteService;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one connection's decoded {@link Request}s: a handshake first, then operations, each answered by id when
 * its future completes (out of order across streams; in order per stream, because the service hands a stream's
 * requests to its writer in arrival order). Runs on the connection's event loop and never blocks it: every
 * operation returns a future. One instance per connection.
 */
public final class RequestHandler extends SimpleChannelInboundHandler<Request> {
    private static final Logger LOG = LoggerFactory.getLogger(RequestHandler.class);

    private final ProxyFrontend frontend;
    private BatchingWriter out; // answers leave in order, one flush per batch; set in handlerAdded
    private boolean handshaken;
    private String clientId = "";

    /**
     * Makes a handler for one connection.
     *
     * @param frontend the proxy
     */
    public RequestHandler(ProxyFrontend frontend) {
        this.frontend = frontend;
    }

    /**
     * The write proxy's handlers for a new connection's pipeline, after the codec: malformed frames counted (one
     * counter for all connections), then requests served by a handler of the connection's own.
     *
     * @param frontend the proxy
     * @return what {@link io.dlog.proxy.common.ServerTransport#bind} adds to each pipeline
     */
    public static Consumer<ChannelPipeline> handlers(ProxyFrontend frontend) {
        FrameErrorCounter counter = new FrameErrorCounter(frontend);
        return p -> {
            p.addBefore(WirePipeline.ERROR_RESPONDER, "dlog-frame-errors", counter);
            p.addLast("dlog-requests", new RequestHandler(frontend));
        };
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        out = new BatchingWriter(ctx.channel());
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        WriteService s = frontend.service();
        if (s != null) {
            s.metrics().connectionOpened();
        }
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        WriteService s = frontend.service();
        if (s != null) {
            s.metrics().connectionClosed();
        }
        LOG.debug("connection closed client={} remote={}", clientId, ctx.channel().remoteAddress());
        super.channelInactive(ctx);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Request req) {
        Channel ch = ctx.channel();
        if (req instanceof Handshake h) {
            out.write(handshake(h));
            return;
        }
        WriteService service = frontend.service();
        if (!handshaken || service == null) {
            StatusCode code = service == null ? StatusCode.SERVICE_UNAVAILABLE : StatusCode.MALFORMED_REQUEST;
            String why = service == null ? "proxy is starting" : "the first request of a connection must be a handshake";
            out.write(ErrorResponse.of(req.requestId(), req.opcode().value(), code, why));
            return;
        }
        dispatch(ch, service, req);
    }

    private void dispatch(Channel ch, WriteService service, Request req) {
        long id = req.requestId();
        int op = req.opcode().value();
        if (req instanceof Write w) {
            answer(ch, id, op, service.write(w.stream(), LogRecord.of(w.payload())), d -> new WriteResponse(id, d));
        } else if (req instanceof WriteBulk b) {
            List<LogRecord> records = new ArrayList<>(b.payloads().size());
            for (byte[] p : b.payloads()) {
                records.add(LogRecord.of(p));
            }
            answer(ch, id, op, service.writeBulk(b.stream(), records), (List<DLSN> ds) -> new WriteBulkResponse(id, ds));
        } else if (req instanceof Truncate t) {
            ack(ch, req, service.truncate(t.stream(), t.dlsn()));
        } else if (req instanceof Create c) {
            ack(ch, req, service.create(c.stream()));
        } else if (req instanceof Delete d) {
            ack(ch, req, service.delete(d.stream()));
        } else if (req instanceof Release r) {
            ack(ch, req, service.release(r.stream()));
        } else if (req instanceof Heartbeat hb) {
            ack(ch, req, hb.stream().isEmpty() ? CompletableFuture.completedFuture(null) : service.heartbeat(hb.stream()));
        } else if (req instanceof GetOwner g) {
            answer(ch, id, op, service.getOwner(g.stream()), o -> new GetOwnerResponse(id, o.orElse("")));
        } else if (req instanceof Drain) {
            LOG.info("drain requested client={} remote={}", clientId, ch.remoteAddress());
            service.drain();
            out.write(new AckResponse(id, req.opcode()));
        } else {
            out.write(ErrorResponse.of(id, op, StatusCode.NOT_IMPLEMENTED, req.opcode() + " is not served here"));
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
        return new HandshakeResponse(h.requestId(), version, ServerRole.WRITE_PROXY,
                frontend.serving() ? ServerState.SERVING : ServerState.DRAINING, frontend.address(), frontend.proxies());
    }

    private void ack(Channel ch, Request req, CompletableFuture<Void> f) {
        answer(ch, req.requestId(), req.opcode().value(), f, v -> new AckResponse(req.requestId(), req.opcode()));
    }

    private <T> void answer(Channel ch, long id, int opcode, CompletableFuture<T> f,
            Function<T, Response> success) {
        f.whenComplete((v, t) -> {
            Response r;
            if (t == null) {
                r = success.apply(v);
            } else {
                DLException e = Futures.toDLException(t);
                if (e.code() == StatusCode.UNEXPECTED) {
                    LOG.warn("unexpected failure opcode={} id={}", opcode, id, e);
                }
                r = ErrorResponse.of(id, opcode, e);
            }
            if (ch.isActive()) {
                out.write(r);
            }
        });
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Bad input is answered by the codec; what arrives here is an I/O error (reset by peer) or a bug.
        LOG.debug("connection error client={} remote={} error={}", clientId, ctx.channel().remoteAddress(),
                cause.toString());
        ctx.close();
    }
}
