package io.dlog.proxy.write.internal.ownership;

import io.dlog.core.AsyncLogWriter;
import io.dlog.core.LockOwner;
import io.dlog.core.LogManager;
import io.dlog.core.Namespace;
import io.dlog.protocol.DLException;
import io.dlog.protocol.Futures;
import io.dlog.protocol.LockingException;
import io.dlog.protocol.NotOwnerException;
import io.dlog.protocol.OverCapacityException;
import io.dlog.protocol.StatusCode;
import io.dlog.proxy.write.WriteProxyConfig;
import io.dlog.proxy.write.internal.metrics.WriteProxyMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streams this proxy owns: takes a stream's write lock on its first request (without waiting), answers FOUND
 * with the owner's address when another proxy holds it, keeps failed and released streams in probation, releases
 * idle streams, and enforces the stream-count and in-flight limits.
 *
 * <p>Thread-safe. {@link #submit} is called from event loops and never blocks: opening a writer is asynchronous in
 * dl-core, and the blocking look-ups (who owns a lock) run on {@code blocking}.
 */
public final class StreamTable implements OwnedStream.StreamListener {
    private static final Logger LOG = LoggerFactory.getLogger(StreamTable.class);
    /** How often one acquisition tries again when the lock was freed under it (a session that just expired). */
    private static final int MAX_OPEN_RETRIES = 2;

    private final Namespace ns;
    private final WriteProxyConfig config;
    private final String self;
    private final ExecutorService blocking;
    private final LongSupplier nanoClock;
    private final ConcurrentHashMap<String, OwnedStream> streams = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Probation> probation = new ConcurrentHashMap<>();
    private final AtomicLong inflightBytes = new AtomicLong();
    private volatile boolean draining;
    private volatile WriteProxyMetrics metrics;

    /**
     * Makes the table.
     *
     * @param ns the namespace, opened with this proxy's address as its lock owner id; borrowed
     * @param config the limits
     * @param self this proxy's advertised {@code host:port}
     * @param blocking runs blocking core calls and the table's own events; borrowed
     * @param nanoClock the clock for probation and idleness ({@link System#nanoTime()} in production)
     */
    public StreamTable(Namespace ns, WriteProxyConfig config, String self, ExecutorService blocking,
            LongSupplier nanoClock) {
        this.ns = ns;
        this.config = config;
        this.self = self;
        this.blocking = blocking;
        this.nanoClock = nanoClock;
    }

    /** Sets the metrics (once, before the first request). */
    public void metrics(WriteProxyMetrics m) {
        this.metrics = m;
    }

    /** Returns the streams owned or being acquired. */
    public int size() {
        return streams.size();
    }

    /** Returns the bytes accepted and not yet acknowledged, over all streams. */
    public long inflightBytes() {
        return inflightBytes.get();
    }

    /** Returns whether the table is draining (takes no new streams). */
    public boolean isDraining() {
        return draining;
    }

    /** Returns the names of the streams owned now (not those being acquired), sorted. */
    public List<String> owned() {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, OwnedStream> e : streams.entrySet()) {
            if (e.getValue().state() == OwnedStream.State.OWNED) {
                out.add(e.getKey());
            }
        }
        out.sort(null);
        return out;
    }

    /**
     * Runs a request on a stream, taking the stream first if this proxy does not own it yet.
     *
     * @param name a valid stream name
     * @param op the request; failed (never thrown at) when refused
     */
    public void submit(String name, StreamOp op) {
        DLException refused = admit(name, op);
        if (refused != null) {
            op.fail(refused);
        }
    }

    private DLException admit(String name, StreamOp op) {
        if (draining) {
            return drainingError();
        }
        Probation p = probation.get(name);
        if (p != null) {
            if (nanoClock.getAsLong() - p.untilNanos() < 0) {
                answerFromProbation(name, p, op);
                return null;
            }
            probation.remove(name, p);
        }
        long bytes = op.bytes();
        if (!reserve(bytes)) {
            return new OverCapacityException("proxy " + self + " has " + inflightBytes.get()
                    + " bytes in flight; proxy.max.inflight.bytes=" + config.maxInflightBytes());
        }
        OwnedStream s = streams.get(name);
        if (s == null) {
            DLException e = checkNewStream(name);
            if (e != null) {
                released(bytes);
                return e;
            }
            s = acquire(name);
            if (s == null) {
                released(bytes);
                return new DLException(StatusCode.STREAM_UNAVAILABLE, "stream " + name + " cannot be opened here");
            }
        }
        DLException e = s.submit(op, config.streamMaxInflightBytes());
        if (e != null) {
            released(bytes);
        }
        return e;
    }

    private DLException checkNewStream(String name) {
        if (streams.size() >= config.maxStreams()) {
            return new DLException(StatusCode.TOO_MANY_STREAMS, "proxy " + self + " owns " + streams.size()
                    + " streams; proxy.max.streams=" + config.maxStreams() + " (stream " + name + " refused)");
        }
        return null;
    }

    private boolean reserve(long bytes) {
        while (true) {
            long cur = inflightBytes.get();
            if (bytes > 0 && cur > 0 && cur + bytes > config.maxInflightBytes()) {
                return false;
            }
            if (inflightBytes.compareAndSet(cur, cur + bytes)) {
                return true;
            }
        }
    }

    private OwnedStream acquire(String name) {
        LogManager log;
        try {
            log = ns.openLog(name);
        } catch (DLException e) {
            LOG.warn("cannot open stream={} code={} reason={}", name, e.code(), e.getMessage());
            return null;
        }
        OwnedStream fresh = new OwnedStream(name, log, this::execute, nanoClock, this);
        OwnedStream existing = streams.putIfAbsent(name, fresh);
        if (existing != null) {
            log.close();
            return existing;
        }
        openWriter(fresh, nanoClock.getAsLong(), 0);
        return fresh;
    }

    private void openWriter(OwnedStream s, long t0, int retries) {
        s.log().openAsyncLogWriter().whenComplete((w, t) -> execute(() -> onOpened(s, w, t, t0, retries)));
    }

    private void onOpened(OwnedStream s, AsyncLogWriter w, Throwable t, long t0, int retries) {
        long tookMs = (nanoClock.getAsLong() - t0) / 1_000_000;
        if (t == null) {
            LOG.info("stream acquired stream={} owner={} tookMs={}", s.name(), self, tookMs);
            if (metrics != null) {
                metrics.streamAcquired();
            }
            s.acquired(w);
            return;
        }
        DLException cause = Futures.toDLException(t);
        DLException answer = cause.code() == StatusCode.LOCKING_EXCEPTION ? ownerAnswer(s.name(), s.log(), cause)
                : cause;
        if (answer instanceof LockFreed && retries < MAX_OPEN_RETRIES && !draining) {
            // The previous owner's lock went (its session expired) between our try and the look-up: the stream is
            // free, so take it now instead of sending the client away (or into probation) for a retry.
            LOG.debug("stream lock freed while acquiring stream={}; trying again", s.name());
            openWriter(s, t0, retries + 1);
            return;
        }
        streams.remove(s.name(), s);
        if (answer.code() == StatusCode.FOUND) {
            remember(s.name(), answer, config.ownerCache());
        } else if (answer.code() != StatusCode.LOG_NOT_FOUND && answer.code() != StatusCode.INVALID_STREAM_NAME
                && !(answer instanceof LockFreed)) {
            putProbation(s.name(), answer);
        }
        if (answer.code() == StatusCode.FOUND || answer.code() == StatusCode.LOG_NOT_FOUND) {
            LOG.debug("stream not acquired stream={} code={} reason={} tookMs={}", s.name(), answer.code(),
                    answer.getMessage(), tookMs);
        } else {
            LOG.warn("stream not acquired stream={} code={} reason={} tookMs={}", s.name(), answer.code(),
                    answer.getMessage(), tookMs);
        }
        s.acquireFailed(answer);
    }

    /** Runs on {@code blocking}: asks ZooKeeper who holds the lock and builds the answer for the client. */
    private DLException ownerAnswer(String name, LogManager log, DLException lockError) {
        Optional<LockOwner> owner;
        try {
            owner = log.getLockOwner();
        } catch (DLException e) {
            return new DLException(StatusCode.STREAM_UNAVAILABLE, "stream " + name + " is locked and its owner "
                    + "cannot be read: " + e.getMessage(), e);
        }
        if (owner.isEmpty()) {
            return new LockFreed("stream " + name + " changed owner while this proxy tried to take it; retry");
        }
        String who = owner.get().owner();
        if (who.equals(self)) {
            return new DLException(StatusCode.STREAM_UNAVAILABLE, "stream " + name
                    + " is still being released by this proxy; retry");
        }
        if (!OwnerAddresses.isProxyAddress(who)) {
            return new LockingException("stream " + name + " is held by a writer that is not a proxy (" + who
                    + "): " + lockError.getMessage());
        }
        return new NotOwnerException(who, NotOwnerException.messageFor(name, who));
    }

    private void answerFromProbation(String name, Probation p, StreamOp op) {
        if (p.answer() != null) {
            op.fail(p.answer());
            return;
        }
        execute(() -> op.fail(releasedAnswer(name)));
    }

    private DLException releasedAnswer(String name) {
        try (LogManager log = ns.openLog(name)) {
            Optional<LockOwner> owner = log.getLockOwner();
            if (owner.isPresent() && OwnerAddresses.isProxyAddress(owner.get().owner())
                    && !owner.get().owner().equals(self)) {
                return new NotOwnerException(owner.get().owner(), NotOwnerException.messageFor(name,
                        owner.get().owner()));
            }
        } catch (DLException e) {
            LOG.debug("owner look-up failed stream={} reason={}", name, e.getMessage());
        }
        return new DLException(StatusCode.STREAM_UNAVAILABLE, "stream " + name
                + " was just released by this proxy; try another proxy");
    }

    /** The answer when the lock was held at the try and free at the look-up: worth another try at once. */
    private static final class LockFreed extends DLException {
        private static final long serialVersionUID = 1L;

        LockFreed(String message) {
            super(StatusCode.STREAM_UNAVAILABLE, message);
        }
    }

    private void putProbation(String name, DLException answer) {
        remember(name, answer, config.probation());
    }

    private void remember(String name, DLException answer, java.time.Duration howLong) {
        if (!howLong.isZero()) {
            probation.put(name, new Probation(answer, nanoClock.getAsLong() + howLong.toNanos()));
        }
    }

    @Override
    public void writerFailed(OwnedStream s, DLException error) {
        if (streams.remove(s.name(), s)) {
            LOG.warn("stream lost stream={} code={} reason={}", s.name(), error.code(), error.getMessage());
            putProbation(s.name(), new DLException(StatusCode.STREAM_UNAVAILABLE, "stream " + s.name()
                    + " failed on this proxy (" + error.code() + "); retry", error));
            if (metrics != null) {
                metrics.streamReleased();
            }
        }
        s.close(error);
    }

    @Override
    public void released(long bytes) {
        if (bytes != 0) {
            inflightBytes.addAndGet(-bytes);
        }
    }

    /**
     * Gives up a stream: its pending writes complete, its writer closes, its lock is released.
     *
     * @param name the stream
     * @param reason why, for the log
     * @param keepAway whether to keep it in probation (after an explicit release, so the client's next request
     *     goes to another proxy)
     * @return completes when the lock is released (at once if this proxy did not own the stream)
     */
    public CompletableFuture<Void> release(String name, String reason, boolean keepAway) {
        if (keepAway) {
            putProbation(name, null);
        }
        OwnedStream s = streams.remove(name);
        if (s == null) {
            return CompletableFuture.completedFuture(null);
        }
        LOG.info("stream released stream={} reason={}", name, reason);
        if (metrics != null) {
            metrics.streamReleased();
        }
        return s.close(new DLException(StatusCode.STREAM_UNAVAILABLE, "stream " + name + " was released by "
                + "this proxy (" + reason + "); retry"));
    }

    /**
     * Stops taking streams and releases every owned one, after its in-flight writes.
     *
     * @return completes when every lock is released
     */
    public CompletableFuture<Void> drain() {
        draining = true;
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (String name : new ArrayList<>(streams.keySet())) {
            all.add(release(name, "drain", false));
        }
        return CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0]));
    }

    /** Releases the streams idle for longer than {@code proxy.stream.idle.release.ms}; called periodically. */
    public void releaseIdle() {
        if (config.idleRelease().isZero()) {
            return;
        }
        long now = nanoClock.getAsLong();
        long idle = config.idleRelease().toNanos();
        probation.entrySet().removeIf(e -> now - e.getValue().untilNanos() >= 0);
        for (OwnedStream s : streams.values()) {
            if (s.state() == OwnedStream.State.OWNED && s.inflightOps() == 0 && now - s.lastActiveNanos() >= idle) {
                release(s.name(), "idle", false);
            }
        }
    }

    /**
     * Says who owns a stream: this proxy, another proxy or writer, or nobody.
     *
     * @param name the stream
     * @return the owner's name ({@code host:port} for a proxy), or empty; runs the look-up on {@code blocking}
     */
    public CompletableFuture<Optional<String>> owner(String name) {
        OwnedStream s = streams.get(name);
        if (s != null && s.state() == OwnedStream.State.OWNED) {
            return CompletableFuture.completedFuture(Optional.of(self));
        }
        return CompletableFuture.supplyAsync(() -> {
            try {
                return ownerNow(name);
            } catch (DLException e) {
                throw new CompletionException(e);
            }
        }, blocking);
    }

    /**
     * Reads who holds a stream's lock from ZooKeeper. Blocks: call it on the blocking executor only.
     *
     * @param name the stream
     * @return the holder's name, or empty
     * @throws DLException ZOOKEEPER_ERROR
     */
    public Optional<String> ownerNow(String name) throws DLException {
        OwnedStream s = streams.get(name);
        if (s != null && s.state() == OwnedStream.State.OWNED) {
            return Optional.of(self);
        }
        try (LogManager log = ns.openLog(name)) {
            return log.getLockOwner().map(LockOwner::owner);
        }
    }

    /** Returns whether this proxy owns the stream or is taking it. */
    public boolean holds(String name) {
        return streams.containsKey(name);
    }

    private void execute(Runnable r) {
        try {
            blocking.execute(r);
        } catch (RejectedExecutionException e) {
            r.run(); // shutting down: finish on the caller's thread rather than lose the answer
        }
    }

    private DLException drainingError() {
        return new DLException(StatusCode.SERVICE_UNAVAILABLE, "proxy " + self + " is draining; use another proxy");
    }
}
