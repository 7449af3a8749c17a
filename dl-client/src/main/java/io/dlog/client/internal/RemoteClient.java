package io.dlog.client.internal;

import io.dlog.client.ClientConfig;
import io.dlog.client.DLClient;
import io.dlog.client.ReadFrom;
import io.dlog.client.StreamReader;
import io.dlog.protocol.DLException;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.InvalidArgumentException;
import io.dlog.protocol.InvalidStreamNameException;
import io.dlog.protocol.LogNames;
import io.dlog.protocol.StatusCode;
import io.dlog.protocol.TooLargeRecordException;
import io.dlog.protocol.wire.AckResponse;
import io.dlog.protocol.wire.Create;
import io.dlog.protocol.wire.Delete;
import io.dlog.protocol.wire.GetOwner;
import io.dlog.protocol.wire.GetOwnerResponse;
import io.dlog.protocol.wire.Release;
import io.dlog.protocol.wire.Request;
import io.dlog.protocol.wire.Response;
import io.dlog.protocol.wire.Truncate;
import io.dlog.protocol.wire.WireFormat;
import io.dlog.protocol.wire.Write;
import io.dlog.protocol.wire.WriteBulk;
import io.dlog.protocol.wire.WriteBulkResponse;
import io.dlog.protocol.wire.WriteResponse;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link DLClient} implementation: one Netty event loop thread ({@code dlog-client-io-*}) for connections,
 * timers and retries, one callback thread ({@code dlog-client-callback-0}) that completes the callers' futures.
 */
public final class RemoteClient implements DLClient {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteClient.class);

    private enum State { OPEN, CLOSED }

    private final ClientConfig config;
    private final EventLoopGroup group;
    private final ExecutorService callbackThread;
    private final Executor callbacks;
    private final Router router;
    private final ConnectionPool pool;
    private final Attempts attempts;
    private final Map<String, StreamWrites> writes = new ConcurrentHashMap<>();
    private final Set<Call<?>> calls = ConcurrentHashMap.newKeySet();
    private final Set<RemoteReader> readers = ConcurrentHashMap.newKeySet();
    private final AtomicReference<State> state = new AtomicReference<>(State.OPEN);
    private volatile Thread callbackThreadRef;

    /**
     * Starts a client (no connection yet: the first call connects).
     *
     * @param config validated settings
     */
    public RemoteClient(ClientConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.group = new NioEventLoopGroup(1, new DefaultThreadFactory("dlog-client-io", true));
        this.callbackThread = Executors.newSingleThreadExecutor(new DefaultThreadFactory("dlog-client-callback", true));
        this.callbacks = task -> {
            try {
                callbackThread.execute(task);
            } catch (RejectedExecutionException e) {
                task.run();
            }
        };
        callbackThread.execute(() -> callbackThreadRef = Thread.currentThread());
        this.router = new Router(config.proxies(), config.backoffMax().toNanos(), System::nanoTime);
        this.pool = new ConnectionPool(config, group, router::handshake);
        this.attempts = new Attempts(router, pool, System::nanoTime, config.backoffInitial(), config.backoffMax());
        LOG.info("client started clientId={} proxies={}", config.clientId(), config.proxies());
    }

    @Override
    public CompletableFuture<DLSN> write(String stream, byte[] payload) {
        Objects.requireNonNull(payload, "payload");
        DLException tooLarge = checkFrameSize(stream, 4L + payload.length, 1);
        if (tooLarge != null) {
            return CompletableFuture.failedFuture(tooLarge);
        }
        return ordered(stream, id -> Write.of(id, stream, payload), r -> as(r, WriteResponse.class).dlsn(), payload);
    }

    @Override
    public CompletableFuture<List<DLSN>> writeBulk(String stream, List<byte[]> payloads) {
        Objects.requireNonNull(payloads, "payloads");
        if (payloads.isEmpty()) {
            return CompletableFuture.failedFuture(new InvalidArgumentException("a bulk write to " + stream
                    + " needs at least one record"));
        }
        List<byte[]> copy = List.copyOf(payloads);
        long recordBytes = 4;
        for (byte[] p : copy) {
            recordBytes += 4L + p.length;
        }
        DLException tooLarge = checkFrameSize(stream, recordBytes, copy.size());
        if (tooLarge != null) {
            return CompletableFuture.failedFuture(tooLarge);
        }
        return ordered(stream, id -> WriteBulk.of(id, stream, copy), r -> {
            List<DLSN> dlsns = as(r, WriteBulkResponse.class).dlsns();
            if (dlsns.size() != copy.size()) {
                throw new DLException(StatusCode.UNEXPECTED, "bulk write of " + copy.size() + " records to "
                        + stream + " answered with " + dlsns.size() + " positions");
            }
            return dlsns;
        }, null);
    }

    @Override
    public CompletableFuture<Void> truncate(String stream, DLSN dlsn) {
        Objects.requireNonNull(dlsn, "dlsn");
        return single(stream, id -> new Truncate(id, stream, dlsn), RemoteClient::ack);
    }

    @Override
    public CompletableFuture<Void> create(String stream) {
        return single(stream, id -> new Create(id, stream), RemoteClient::ack);
    }

    @Override
    public CompletableFuture<Void> delete(String stream) {
        return single(stream, id -> new Delete(id, stream), RemoteClient::ack);
    }

    @Override
    public CompletableFuture<Void> release(String stream) {
        return single(stream, id -> new Release(id, stream), RemoteClient::ack);
    }

    @Override
    public CompletableFuture<String> getOwner(String stream) {
        return single(stream, id -> new GetOwner(id, stream), r -> as(r, GetOwnerResponse.class).owner());
    }

    @Override
    public CompletableFuture<StreamReader> openReader(String stream, DLSN from) {
        Objects.requireNonNull(from, "from");
        return openReader(stream, from, -1);
    }

    @Override
    public CompletableFuture<StreamReader> openReader(String stream, long fromTxId) {
        if (fromTxId < 0) {
            return CompletableFuture.failedFuture(new InvalidArgumentException("fromTxId must not be negative: "
                    + fromTxId));
        }
        return openReader(stream, null, fromTxId);
    }

    @Override
    public CompletableFuture<StreamReader> openReader(String stream, ReadFrom from) {
        Objects.requireNonNull(from, "from");
        return openReader(stream, new RemoteReader.Start(null, -1, "", from));
    }

    @Override
    public CompletableFuture<StreamReader> subscribe(String stream, String subscription) {
        Objects.requireNonNull(subscription, "subscription");
        if (subscription.isEmpty()) {
            return CompletableFuture.failedFuture(new InvalidArgumentException("subscription name is empty"));
        }
        return openReader(stream, new RemoteReader.Start(null, -1, subscription, null));
    }

    private CompletableFuture<StreamReader> openReader(String stream, DLSN from, long fromTxId) {
        return openReader(stream, new RemoteReader.Start(from, fromTxId, "", null));
    }

    private CompletableFuture<StreamReader> openReader(String stream, RemoteReader.Start start) {
        DLException rejected = check(stream);
        if (rejected != null) {
            return CompletableFuture.failedFuture(rejected);
        }
        RemoteReader r = new RemoteReader(stream, start, config, router, pool, group, callbacks);
        readers.add(r);
        r.onClose(() -> readers.remove(r));
        if (state.get() == State.CLOSED) {
            r.clientClosed();
        }
        CompletableFuture<StreamReader> f = r.open();
        f.whenComplete((v, t) -> {
            if (t != null) {
                readers.remove(r);
            }
        });
        return f;
    }

    /** The read proxies the client currently routes readers over (for status output and tests). */
    public List<String> readProxies() {
        return router.readRingNodes();
    }

    /**
     * Runs a write in its stream's call order.
     *
     * @param payload the record of a single-record write (which may be coalesced with its neighbours), else null
     */
    private <T> CompletableFuture<T> ordered(String stream, LongFunction<Request> request,
                                             Call.ResultMapper<T> mapper, byte[] payload) {
        DLException rejected = check(stream);
        if (rejected != null) {
            return CompletableFuture.failedFuture(rejected);
        }
        Call<T> call = new Call<>(stream, request, mapper, deadline(), payload);
        StreamWrites sw = writes.computeIfAbsent(stream, this::newStreamWrites);
        while (!sw.trySubmit(call)) {
            writes.remove(stream, sw); // retired while idle, just now: make way for a new one
            sw = writes.computeIfAbsent(stream, this::newStreamWrites);
        }
        if (state.get() == State.CLOSED) {
            sw.closeAll();
        }
        StreamWrites submitted = sw;
        call.future.whenComplete((v, e) -> forgetIfIdle(stream, submitted));
        return call.future;
    }

    private StreamWrites newStreamWrites(String stream) {
        // a coalesced request's frame: what a bulk write of the stream needs besides its records' bytes, at most
        // maxFrameBytes
        long room = config.maxFrameBytes() - frameLength(stream, 4);
        int maxBytes = (int) Math.max(0, Math.min(config.coalesceMaxBytes(), room));
        return new StreamWrites(stream, attempts, config.maxRedirects(), config.coalesceMaxRecords(), maxBytes,
                group, callbacks);
    }

    private void forgetIfIdle(String stream, StreamWrites sw) {
        if (sw.retireIfIdle()) {
            writes.remove(stream, sw);
        }
    }

    private <T> CompletableFuture<T> single(String stream, LongFunction<Request> request,
                                            Call.ResultMapper<T> mapper) {
        DLException rejected = check(stream);
        if (rejected != null) {
            return CompletableFuture.failedFuture(rejected);
        }
        Call<T> call = new Call<>(stream, request, mapper, deadline());
        calls.add(call);
        call.future.whenComplete((v, e) -> calls.remove(call));
        runAttempt(call);
        if (state.get() == State.CLOSED) {
            failCall(call, new DLException(StatusCode.CLIENT_CLOSED, "client closed"));
        }
        return call.future;
    }

    private <T> void runAttempt(Call<T> call) {
        call.attempts++;
        attempts.attempt(call).thenAccept(outcome -> {
            switch (outcome.kind()) {
                case SUCCESS -> {
                    try {
                        T value = call.result.map(outcome.response());
                        callbacks.execute(() -> call.future.complete(value));
                    } catch (DLException e) {
                        failCall(call, e);
                    }
                }
                case RETRY -> {
                    call.lastError = outcome.error();
                    if (state.get() == State.OPEN && attempts.mayRetry(call, config.maxRedirects())) {
                        try {
                            group.schedule(() -> runAttempt(call), attempts.delayNanos(call), TimeUnit.NANOSECONDS);
                        } catch (RejectedExecutionException e) {
                            failCall(call, new DLException(StatusCode.CLIENT_CLOSED, "client closed"));
                        }
                    } else {
                        failCall(call, attempts.giveUp(call));
                    }
                }
                default -> failCall(call, outcome.error());
            }
        });
    }

    private void failCall(Call<?> call, DLException error) {
        DLException e = Outcomes.forCaller(error);
        callbacks.execute(() -> call.future.completeExceptionally(e));
    }

    private DLException check(String stream) {
        if (state.get() == State.CLOSED) {
            return new DLException(StatusCode.CLIENT_CLOSED, "client is closed");
        }
        try {
            LogNames.validate(stream);
            return null;
        } catch (InvalidStreamNameException e) {
            return e;
        }
    }

    /**
     * A write whose frame would exceed {@code maxFrameBytes} fails here, before anything is sent, instead of being
     * skipped by the proxy. {@code recordBytes} is the encoded size of the record part of the body.
     */
    private DLException checkFrameSize(String stream, long recordBytes, int records) {
        if (stream == null) {
            return null;
        }
        long frameLength = frameLength(stream, recordBytes);
        if (frameLength <= config.maxFrameBytes()) {
            return null;
        }
        return new TooLargeRecordException("a write of " + records + " record(s) to " + stream + " needs a frame of "
                + frameLength + " bytes; the client's maxFrameBytes is " + config.maxFrameBytes());
    }

    /** The length of a write's frame (after the length prefix) whose record part takes {@code recordBytes}. */
    private long frameLength(String stream, long recordBytes) {
        return WireFormat.HEADER_AFTER_LENGTH_BYTES + (config.checksums() ? 4 : 0) + 2
                + stream.length() + 2L * Long.BYTES + recordBytes;
    }

    private long deadline() {
        return System.nanoTime() + config.requestTimeout().toNanos();
    }

    private static Void ack(Response r) throws DLException {
        as(r, AckResponse.class);
        return null;
    }

    private static <R extends Response> R as(Response r, Class<R> type) throws DLException {
        if (!type.isInstance(r)) {
            throw new DLException(StatusCode.UNEXPECTED, "expected " + type.getSimpleName() + ", got " + r);
        }
        return type.cast(r);
    }

    /** The write proxies the client currently routes over (for status output and tests). */
    public List<String> writeProxies() {
        return router.ringNodes();
    }

    @Override
    public void close() {
        if (!state.compareAndSet(State.OPEN, State.CLOSED)) {
            return;
        }
        for (StreamWrites sw : writes.values()) {
            sw.closeAll();
        }
        for (RemoteReader r : readers) {
            r.clientClosed();
        }
        for (Call<?> call : calls) {
            failCall(call, new DLException(StatusCode.CLIENT_CLOSED, "client closed before " + call.stream
                    + "'s request completed"));
        }
        for (CompletableFuture<Void> f : pool.close()) {
            f.completeOnTimeout(null, 2, TimeUnit.SECONDS).join();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        callbackThread.shutdown();
        if (Thread.currentThread() == callbackThreadRef) {
            // closed from one of its own callbacks: the remaining completions run after this one returns
            LOG.info("client closed clientId={}", config.clientId());
            return;
        }
        try {
            if (!callbackThread.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("client callbacks still running after 5 s; clientId={}", config.clientId());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("client closed clientId={}", config.clientId());
    }
}
