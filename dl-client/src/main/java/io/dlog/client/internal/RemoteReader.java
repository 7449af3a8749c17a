package io.dlog.client.internal;

import io.dlog.client.ClientConfig;
import io.dlog.client.ReadFrom;
import io.dlog.client.StreamReader;
import io.dlog.protocol.DLException;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.Futures;
import io.dlog.protocol.InvalidArgumentException;
import io.dlog.protocol.LogRecordWithDLSN;
import io.dlog.protocol.StatusCode;
import io.dlog.protocol.wire.AckResponse;
import io.dlog.protocol.wire.CloseReader;
import io.dlog.protocol.wire.CommitPosition;
import io.dlog.protocol.wire.CommitResponse;
import io.dlog.protocol.wire.ErrorResponse;
import io.dlog.protocol.wire.OpenReader;
import io.dlog.protocol.wire.ReadCredit;
import io.dlog.protocol.wire.ReadPosition;
import io.dlog.protocol.wire.ReadRecords;
import io.dlog.protocol.wire.ReaderOpened;
import io.dlog.protocol.wire.Response;
import io.netty.channel.EventLoopGroup;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link StreamReader} over a read proxy. It keeps the records the proxy pushed that the application has not
 * read yet (at most the reader window), grants credit as the application reads, and when its proxy goes away
 * (connection lost, stopping, overloaded, credit timeout) opens the reader again on the stream's read proxy, right
 * after the last record it received: no gap, no duplicate. All state is guarded by this object's monitor;
 * application futures complete on the client's callback thread.
 */
final class RemoteReader implements StreamReader {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteReader.class);

    private enum State { CONNECTING, OPEN, DETACHED, FAILED, CLOSED }

    private final String stream;
    private final ClientConfig config;
    private final Router router;
    private final ConnectionPool pool;
    private final EventLoopGroup group;
    private final Executor callbacks;
    /** Where the reader starts until it received a record: given, or the start a proxy resolved for it. */
    private DLSN startDlsn;
    private final long startTxId;
    /** A start the proxy resolves (null for a DLSN, txid or subscription start); fixed by the first answer. */
    private final ReadFrom startFrom;
    /** The durable subscription's name, or empty for a plain reader. */
    private final String subscription;
    private final CompletableFuture<StreamReader> opened = new CompletableFuture<>();
    private final ArrayDeque<LogRecordWithDLSN> buffer = new ArrayDeque<>();
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private final Set<String> exclude = new HashSet<>();
    private long bufferedBytes;
    private DLSN lastReceived;
    private DLException failure;
    private State state = State.CONNECTING;
    private ProxyConnection conn;
    private long readerId;
    private long generation;
    private long deadlineNanos;
    private int attempt;
    private int consumedRecords;
    private long consumedBytes;
    private volatile Runnable onClose = () -> { };

    /** One pending read. */
    private record Waiter(int max, CompletableFuture<List<LogRecordWithDLSN>> future) {
    }

    /**
     * Where a reader starts: a DLSN, or a txid ({@code dlsn} null), or a durable subscription's committed position
     * ({@code subscription} not empty, {@code dlsn} null), or a position the proxy resolves ({@code from} not null,
     * {@code dlsn} null).
     */
    record Start(DLSN dlsn, long txid, String subscription, ReadFrom from) {
    }

    RemoteReader(String stream, Start start, ClientConfig config, Router router, ConnectionPool pool,
            EventLoopGroup group, Executor callbacks) {
        this.stream = stream;
        this.subscription = start.subscription();
        this.startDlsn = start.dlsn();
        this.startTxId = start.txid();
        this.startFrom = start.from();
        this.config = config;
        this.router = router;
        this.pool = pool;
        this.group = group;
        this.callbacks = callbacks;
    }

    /** Sets what to tell when the reader is closed (the client forgets it). */
    void onClose(Runnable r) {
        this.onClose = r;
    }

    /** Starts the first open; the future completes when the proxy accepted the reader. */
    CompletableFuture<StreamReader> open() {
        synchronized (this) {
            startSeries(null);
        }
        return opened;
    }

    @Override
    public String stream() {
        return stream;
    }

    // ---- connecting ----------------------------------------------------------------------------------------------

    private void startSeries(String avoid) {
        state = State.CONNECTING;
        deadlineNanos = System.nanoTime() + config.requestTimeout().toNanos();
        attempt = 0;
        exclude.clear();
        if (avoid != null) {
            exclude.add(avoid);
        }
        connect();
    }

    private void connect() {
        long gen = ++generation;
        attempt++;
        String routed = router.readTarget(stream, exclude);
        if (routed == null) {
            String b = router.bootstrapAddress(exclude);
            if (b != null) {
                learn(gen, b);
                return;
            }
        }
        String target = routed != null ? routed : router.readProbe(exclude);
        DLSN from = lastReceived != null ? lastReceived.nextSlot() : startDlsn;
        int creditRecords = Math.max(1, config.readerWindowRecords() - buffer.size());
        long creditBytes = Math.max(1, config.readerWindowBytes() - bufferedBytes);
        Attachment att = new Attachment(gen);
        pool.get(target).thenCompose(c -> {
            att.connection = c;
            return c.openReader(id -> {
                att.id = id;
                if (!subscription.isEmpty()) {
                    return OpenReader.subscribe(id, stream, subscription, from, creditRecords, creditBytes);
                }
                if (from != null) {
                    return OpenReader.atDlsn(id, stream, from, creditRecords, creditBytes);
                }
                return startFrom != null ? OpenReader.at(id, stream, wirePosition(startFrom), creditRecords,
                        creditBytes) : OpenReader.atTxId(id, stream, startTxId, creditRecords, creditBytes);
            }, att, config.requestTimeout().toNanos());
        }).whenComplete((answer, t) -> opened(att, target, answer, t));
    }

    private static ReadPosition wirePosition(ReadFrom from) {
        return switch (from) {
            case FIRST -> ReadPosition.FIRST;
            case LAST -> ReadPosition.LAST;
            case TAIL -> ReadPosition.TAIL;
        };
    }

    /** No usable read proxy is known: a handshake with a bootstrap proxy lists the live ones. */
    private void learn(long gen, String b) {
        pool.get(b).whenComplete((c, t) -> {
            synchronized (this) {
                if (gen != generation || state == State.CLOSED) {
                    return;
                }
                if (t != null) {
                    exclude.add(b);
                    router.unreachable(b, String.valueOf(Futures.toDLException(t).getMessage()));
                    retry(new DLException(StatusCode.SERVICE_UNAVAILABLE, "bootstrap proxy " + b + " unreachable: "
                            + Futures.toDLException(t).getMessage()));
                } else if (router.readTarget(stream, exclude) == null) {
                    exclude.add(b); // it taught nothing usable: the next attempt asks another one
                    retry(new DLException(StatusCode.SERVICE_UNAVAILABLE, "no usable read proxy is registered in "
                            + "the namespace of " + b));
                } else {
                    connect();
                }
            }
        });
    }

    private synchronized void opened(Attachment att, String target, Response answer, Throwable t) {
        if (att.gen != generation || state == State.CLOSED) {
            if ((answer instanceof AckResponse || answer instanceof ReaderOpened) && att.connection != null) {
                att.connection.forgetReader(att.id);
                att.connection.send(id -> new CloseReader(id, att.id), config.requestTimeout().toNanos());
            }
            return;
        }
        if (t != null) {
            DLException e = Futures.toDLException(t);
            router.unreachable(target, String.valueOf(e.getMessage()));
            exclude.add(target);
            retry(new DLException(StatusCode.SERVICE_UNAVAILABLE, "read proxy " + target + " failed: "
                    + e.getMessage(), e));
            return;
        }
        if (answer instanceof ErrorResponse err) {
            DLException e = err.toException();
            if (e.code() == StatusCode.LOCKING_EXCEPTION) {
                // held by another subscriber: final on the first open; on a resume, most likely the lock of our
                // own previous proxy that has not expired yet, so retry (same proxy) until the deadline
                if (opened.isDone()) {
                    retry(e);
                } else {
                    fail(e);
                }
            } else if (e.code().isRetryable()) {
                exclude.add(target);
                retry(e);
            } else {
                fail(e);
            }
            return;
        }
        if (answer instanceof ReaderOpened ro && startFrom != null && startDlsn == null && lastReceived == null) {
            startDlsn = ro.start(); // a reopen before the first record starts here, not at a new first or tail
        }
        state = State.OPEN;
        conn = att.connection;
        readerId = att.id;
        consumedRecords = 0;
        consumedBytes = 0;
        LOG.debug("reader open stream={} proxy={} reader={} after={}", stream, target, readerId, lastReceived);
        if (!opened.isDone()) {
            callbacks.execute(() -> opened.complete(this));
        }
    }

    private void retry(DLException why) {
        long now = System.nanoTime();
        if (now - deadlineNanos >= 0) {
            fail(new DLException(StatusCode.SERVICE_UNAVAILABLE, "no read proxy could serve " + stream + " within "
                    + config.requestTimeout().toMillis() + " ms; last error: " + why.getMessage(), why));
            return;
        }
        long delay = Math.min(config.backoffMax().toNanos(),
                config.backoffInitial().toNanos() << Math.min(20, Math.max(0, attempt - 1)));
        long gen = generation;
        try {
            group.schedule(() -> {
                synchronized (this) {
                    if (gen == generation && state == State.CONNECTING) {
                        connect();
                    }
                }
            }, delay, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            fail(new DLException(StatusCode.CLIENT_CLOSED, "client closed"));
        }
    }

    private void fail(DLException e) {
        state = State.FAILED;
        failure = e;
        conn = null;
        if (!opened.isDone()) {
            callbacks.execute(() -> opened.completeExceptionally(e));
            return;
        }
        serve();
    }

    // ---- frames from the proxy -----------------------------------------------------------------------------------

    private synchronized void received(Attachment att, ReadRecords batch) {
        if (att.gen != generation || state == State.CLOSED) {
            return;
        }
        for (LogRecordWithDLSN r : batch.records()) {
            if (lastReceived != null && r.dlsn().compareTo(lastReceived) <= 0) {
                continue; // never deliver twice
            }
            buffer.add(r);
            bufferedBytes += r.payload().length;
            lastReceived = r.dlsn();
        }
        serve();
    }

    private synchronized void ended(Attachment att, ErrorResponse why) {
        if (att.gen != generation || state == State.CLOSED) {
            return;
        }
        conn = null;
        DLException e = why.toException();
        if (e.code() == StatusCode.TIMEOUT) {
            // the proxy dropped us for not reading: reopen when the application reads again
            state = State.DETACHED;
            LOG.info("reader detached by its proxy stream={} reason={}", stream, e.getMessage());
            if (!waiters.isEmpty()) {
                startSeries(null);
            }
        } else if (e.code().isRetryable()) {
            startSeries(att.connection == null ? null : att.connection.address());
        } else {
            fail(e);
        }
    }

    private synchronized void lost(Attachment att) {
        if (att.gen != generation || state != State.OPEN && state != State.CONNECTING) {
            return;
        }
        conn = null;
        if (att.connection != null) {
            router.unreachable(att.connection.address(), "connection lost");
        }
        LOG.info("reader lost its read proxy stream={} after={}; reopening elsewhere", stream, lastReceived);
        startSeries(att.connection == null ? null : att.connection.address());
    }

    // ---- the application -----------------------------------------------------------------------------------------

    @Override
    public CompletableFuture<LogRecordWithDLSN> readNext() {
        return readBulk(1).thenApply(list -> list.get(0));
    }

    @Override
    public CompletableFuture<List<LogRecordWithDLSN>> readBulk(int maxRecords) {
        if (maxRecords < 1) {
            return CompletableFuture.failedFuture(new InvalidArgumentException("maxRecords must be at least 1: "
                    + maxRecords));
        }
        CompletableFuture<List<LogRecordWithDLSN>> f = new CompletableFuture<>();
        synchronized (this) {
            if (state == State.CLOSED) {
                return CompletableFuture.failedFuture(closedError());
            }
            waiters.add(new Waiter(maxRecords, f));
            serve();
            if (state == State.DETACHED) {
                startSeries(null);
            }
        }
        return f;
    }

    /** Hands buffered records (then a terminal failure) to waiting reads, and grants credit for what was read. */
    private void serve() {
        while (!waiters.isEmpty()) {
            if (!buffer.isEmpty()) {
                Waiter w = waiters.poll();
                List<LogRecordWithDLSN> out = new ArrayList<>(Math.min(w.max(), buffer.size()));
                while (out.size() < w.max() && !buffer.isEmpty()) {
                    LogRecordWithDLSN r = buffer.poll();
                    bufferedBytes -= r.payload().length;
                    consumedRecords++;
                    consumedBytes += r.payload().length;
                    out.add(r);
                }
                callbacks.execute(() -> w.future().complete(out));
            } else if (failure != null) {
                Waiter w = waiters.poll();
                DLException e = failure;
                callbacks.execute(() -> w.future().completeExceptionally(e));
            } else {
                break;
            }
        }
        grant();
    }

    private void grant() {
        if (state != State.OPEN || conn == null || consumedRecords == 0) {
            return;
        }
        if (consumedRecords >= config.readerWindowRecords() / 2 || consumedBytes >= config.readerWindowBytes() / 2) {
            conn.sendOneWay(new ReadCredit(readerId, consumedRecords, consumedBytes));
            consumedRecords = 0;
            consumedBytes = 0;
        }
    }

    private DLException closedError() {
        return new DLException(StatusCode.READ_CANCELLED_EXCEPTION, "reader of " + stream + " is closed");
    }

    @Override
    public CompletableFuture<DLSN> commit(DLSN position) {
        Objects.requireNonNull(position, "position");
        if (subscription.isEmpty()) {
            return CompletableFuture.failedFuture(new InvalidArgumentException("reader of " + stream
                    + " was not opened with a subscription (DLClient.subscribe)"));
        }
        ProxyConnection c;
        long id;
        synchronized (this) {
            if (state == State.CLOSED) {
                return CompletableFuture.failedFuture(closedError());
            }
            if (state == State.FAILED) {
                return CompletableFuture.failedFuture(failure);
            }
            if (state != State.OPEN || conn == null) {
                return CompletableFuture.failedFuture(new DLException(StatusCode.SERVICE_UNAVAILABLE, "subscription "
                        + subscription + " of " + stream + " is reconnecting to a read proxy; commit again"));
            }
            c = conn;
            id = readerId;
        }
        return c.send(rid -> new CommitPosition(rid, id, position), config.requestTimeout().toNanos())
                .thenApplyAsync(r -> {
                    if (r instanceof CommitResponse cr) {
                        return cr.dlsn();
                    }
                    DLException e = r instanceof ErrorResponse err ? err.toException()
                            : new DLException(StatusCode.UNEXPECTED, "expected CommitResponse, got " + r);
                    throw new CompletionException(e);
                }, callbacks);
    }

    @Override
    public CompletableFuture<Void> asyncClose() {
        ProxyConnection c;
        long id;
        synchronized (this) {
            if (state == State.CLOSED) {
                return CompletableFuture.completedFuture(null);
            }
            state = State.CLOSED;
            generation++;
            failWaiters(closedError());
            buffer.clear();
            c = conn;
            id = readerId;
            conn = null;
        }
        onClose.run();
        if (c == null) {
            return CompletableFuture.completedFuture(null);
        }
        c.forgetReader(id);
        return c.send(rid -> new CloseReader(rid, id), config.requestTimeout().toNanos())
                .handle((r, t) -> (Void) null);
    }

    /** The client is closing: pending reads fail with CLIENT_CLOSED. */
    synchronized void clientClosed() {
        if (state != State.CLOSED) {
            state = State.CLOSED;
            generation++;
            DLException e = new DLException(StatusCode.CLIENT_CLOSED, "client closed");
            failWaiters(e);
            if (!opened.isDone()) {
                callbacks.execute(() -> opened.completeExceptionally(e));
            }
        }
    }

    private void failWaiters(DLException e) {
        while (!waiters.isEmpty()) {
            Waiter w = waiters.poll();
            callbacks.execute(() -> w.future().completeExceptionally(e));
        }
    }

    /** One open of the reader on one connection; frames of older opens are ignored. */
    private final class Attachment implements ReaderListener {
        final long gen;
        volatile ProxyConnection connection;
        volatile long id;

        Attachment(long gen) {
            this.gen = gen;
        }

        @Override
        public void records(ReadRecords batch) {
            received(this, batch);
        }

        @Override
        public void ended(ErrorResponse why) {
            RemoteReader.this.ended(this, why);
        }

        @Override
        public void connectionLost() {
            lost(this);
        }
    }
}
