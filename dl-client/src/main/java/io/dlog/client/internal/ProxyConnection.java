package io.dlog.client.internal;

import io.dlog.client.OutcomeUnknownException;
import io.dlog.protocol.DLException;
import io.dlog.protocol.StatusCode;
import io.dlog.protocol.wire.BatchingWriter;
import io.dlog.protocol.wire.ErrorResponse;
import io.dlog.protocol.wire.HandshakeResponse;
import io.dlog.protocol.wire.Opcode;
import io.dlog.protocol.wire.ReadRecords;
import io.dlog.protocol.wire.Request;
import io.dlog.protocol.wire.Response;
import io.dlog.protocol.wire.WireError;
import io.dlog.protocol.wire.WireFormat;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection to one proxy: requests are pipelined, each answered by id. The last handler of the channel's
 * pipeline. Thread-safe: {@link #send} may be called from any thread; answers arrive on the channel's event loop.
 *
 * <p>Every request ends exactly once: with its {@link Response}; with a {@link NotSentException} when its bytes
 * certainly never left (the channel was closed, the socket write failed); or with an
 * {@link OutcomeUnknownException} when it was sent and the answer never came (connection lost, timeout, close).
 */
final class ProxyConnection extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ProxyConnection.class);
    /**
     * How often the event loop looks for requests past their deadline. One periodic sweep per connection instead of
     * a scheduled task per request: scheduling and cancelling a timer per request cost the client's event loop a
     * fifth of its time under load (a JFR profile of {@code dlog-proxy} in dl-bench). A request times out at most
     * this much late.
     */
    static final long SWEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final String address;
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    private final Map<Long, ReaderListener> readers = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private volatile Channel channel;
    private volatile BatchingWriter writer; // set with channel
    private volatile HandshakeResponse handshake;
    private ScheduledFuture<?> sweeper; // event loop only

    ProxyConnection(String address) {
        this.address = address;
    }

    String address() {
        return address;
    }

    /** The server's handshake answer, once the connection is open. */
    HandshakeResponse handshake() {
        return handshake;
    }

    void handshakeDone(HandshakeResponse response) {
        this.handshake = response;
    }

    boolean isActive() {
        Channel ch = channel;
        return ch != null && ch.isActive();
    }

    /** Completes when the connection has closed, for whatever reason. */
    CompletableFuture<Void> closeFuture() {
        return closed;
    }

    /**
     * Sends a request and returns its answer.
     *
     * @param make builds the request for the request id this connection assigns
     * @param timeoutNanos how long to wait for the answer
     * @return the answer (an {@link ErrorResponse} is an answer too, not a failure)
     */
    CompletableFuture<Response> send(LongFunction<Request> make, long timeoutNanos) {
        Channel ch = channel;
        if (ch == null || !ch.isActive()) {
            return CompletableFuture.failedFuture(new NotSentException("connection to " + address + " is closed"));
        }
        long id = ids.incrementAndGet();
        return send(id, make.apply(id), timeoutNanos);
    }

    private CompletableFuture<Response> send(long id, Request request, long timeoutNanos) {
        Channel ch = channel;
        if (ch == null || !ch.isActive()) {
            return CompletableFuture.failedFuture(new NotSentException("connection to " + address + " is closed"));
        }
        Pending p = new Pending(request, System.nanoTime() + Math.max(1, timeoutNanos));
        pending.put(id, p);
        ChannelPromise promise = ch.newPromise();
        promise.addListener(f -> {
            if (f.isSuccess()) {
                p.sent = true;
            } else if (pending.remove(id, p)) {
                p.end(null, new NotSentException("could not send " + request + " to " + address + ": " + f.cause()));
            }
        });
        writer.write(request, promise);
        return p.future;
    }

    /**
     * Opens a reader: registers {@code listener} for the frames the proxy will push with the open's request id
     * (the reader id), then sends the open. The listener is removed when the reader ends, the open fails, or
     * {@link #forgetReader} is called.
     *
     * @param make builds the open request for the id this connection assigns
     * @param listener receives the reader's pushed frames, on the event loop
     * @param timeoutNanos how long to wait for the open's answer
     * @return the open's answer (an {@link ErrorResponse} is an answer too)
     */
    CompletableFuture<Response> openReader(LongFunction<Request> make, ReaderListener listener, long timeoutNanos) {
        Channel ch = channel;
        if (ch == null || !ch.isActive()) {
            return CompletableFuture.failedFuture(new NotSentException("connection to " + address + " is closed"));
        }
        long id = ids.incrementAndGet();
        readers.put(id, listener);
        CompletableFuture<Response> answer = send(id, make.apply(id), timeoutNanos);
        answer.whenComplete((r, t) -> {
            if (t != null || r instanceof ErrorResponse) {
                readers.remove(id, listener);
            }
        });
        return answer;
    }

    /** Stops delivering a reader's frames (it was closed). */
    void forgetReader(long readerId) {
        readers.remove(readerId);
    }

    /** Sends a request that is not answered when it is good (a credit grant); a failure to send is ignored. */
    void sendOneWay(Request request) {
        Channel ch = channel;
        if (ch != null && ch.isActive()) {
            writer.write(request); // a grant that fails to go out is moot: the connection closes
        }
    }

    private void sweep() {
        long now = System.nanoTime();
        for (Map.Entry<Long, Pending> e : pending.entrySet()) {
            if (now - e.getValue().deadline >= 0) {
                expire(e.getKey(), e.getValue());
            }
        }
    }

    private void expire(long id, Pending p) {
        if (pending.remove(id, p)) {
            p.end(null, p.sent
                    ? new OutcomeUnknownException(StatusCode.TIMEOUT, "no answer from " + address + " in time to "
                        + p.request + "; it may or may not have been applied")
                    : new NotSentException("timed out before " + p.request + " could be sent to " + address));
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        // set before the connect completes: the connect listener (which sends the handshake) runs before
        // channelActive reaches this handler
        writer = new BatchingWriter(ctx.channel());
        channel = ctx.channel();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        sweeper = ctx.executor().scheduleAtFixedRate(this::sweep, SWEEP_NANOS, SWEEP_NANOS, TimeUnit.NANOSECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof WireError error) {
            LOG.warn("proxy={} sent a bad frame ({}: {}); closing the connection", address, error.code(),
                    error.message());
            ctx.close();
            return;
        }
        if (!(msg instanceof Response response)) {
            return;
        }
        if (response.requestId() == WireFormat.CONNECTION_REQUEST_ID) {
            LOG.warn("proxy={} closed the connection: {}", address, response);
            ctx.close();
            return;
        }
        if (response instanceof ReadRecords records) {
            ReaderListener l = readers.get(records.requestId());
            if (l != null) {
                l.records(records);
            }
            return;
        }
        if (response instanceof ErrorResponse e && e.opcode() == Opcode.READER_END.value()) {
            ReaderListener l = readers.remove(e.requestId());
            if (l != null) {
                l.ended(e);
            }
            return;
        }
        Pending p = pending.remove(response.requestId());
        if (p != null) {
            p.end(response, null);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("proxy={} connection failed", address, cause);
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (sweeper != null) {
            sweeper.cancel(false);
        }
        failAll(false);
        for (Long id : readers.keySet()) {
            ReaderListener l = readers.remove(id);
            if (l != null) {
                l.connectionLost();
            }
        }
        closed.complete(null);
        ctx.fireChannelInactive();
    }

    /** Closes the connection; calls in flight end with an unknown outcome ({@code CLIENT_CLOSED} if closing). */
    void close(boolean clientClosing) {
        failAll(clientClosing);
        Channel ch = channel;
        if (ch != null) {
            ch.close();
        } else {
            closed.complete(null);
        }
    }

    private void failAll(boolean clientClosing) {
        for (Long id : pending.keySet()) {
            Pending p = pending.remove(id);
            if (p == null) {
                continue;
            }
            DLException failure;
            if (!p.sent) {
                failure = clientClosing ? new DLException(StatusCode.CLIENT_CLOSED, "client closed before "
                        + p.request + " was sent") : new NotSentException("connection to " + address
                        + " closed before " + p.request + " was sent");
            } else {
                failure = new OutcomeUnknownException(clientClosing ? StatusCode.CLIENT_CLOSED
                        : StatusCode.WRITE_EXCEPTION, (clientClosing ? "client closed" : "connection to " + address
                        + " lost") + " after " + p.request + " was sent; it may or may not have been applied");
            }
            p.end(null, failure);
        }
    }

    /** A request waiting for its answer. */
    private static final class Pending {
        final Request request;
        final long deadline;
        final CompletableFuture<Response> future = new CompletableFuture<>();
        volatile boolean sent;

        Pending(Request request, long deadline) {
            this.request = request;
            this.deadline = deadline;
        }

        void end(Response response, DLException failure) {
            if (failure != null) {
                future.completeExceptionally(failure);
            } else {
                future.complete(response);
            }
        }
    }
}
