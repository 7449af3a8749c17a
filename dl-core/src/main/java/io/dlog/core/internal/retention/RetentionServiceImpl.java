package io.dlog.core.internal.retention;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import io.dlog.core.DLConfigKeys;
import io.dlog.core.RetentionPolicy;
import io.dlog.core.RetentionRun;
import io.dlog.core.RetentionService;
import io.dlog.core.Subscription;
import io.dlog.core.internal.ExecutorThreads;
import io.dlog.core.internal.LogContext;
import io.dlog.core.internal.NamespaceImpl;
import io.dlog.core.internal.lock.WriteLock;
import io.dlog.core.internal.metadata.IncarnationGuard;
import io.dlog.core.internal.metadata.LogMetadataStore;
import io.dlog.core.internal.metadata.SubscriptionStore;
import io.dlog.core.internal.metadata.Versioned;
import io.dlog.core.internal.truncate.PurgeStep;
import io.dlog.core.internal.truncate.SegmentPurger;
import io.dlog.core.internal.truncate.Truncation;
import io.dlog.protocol.AlreadyClosedException;
import io.dlog.protocol.DLException;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.LockingException;
import io.dlog.protocol.LogNames;
import io.dlog.protocol.LogNotFoundException;
import io.dlog.protocol.LogSegmentMetadata;
import io.dlog.protocol.StatusCode;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retention service: one pass per interval over every log, under the namespace's retention lock. A pass
 * per log: resume a recorded truncation point, release what the policy says (mark TRUNCATED), then finish the
 * TRUNCATED segments (ledgers, then znodes). Passes run on the service's own thread or on {@link #runOnce}'s
 * caller; a monitor serialises them. Thread-safe.
 */
public final class RetentionServiceImpl implements RetentionService {
    private static final Logger LOG = LoggerFactory.getLogger(RetentionServiceImpl.class);
    private static final String KEY_MS = DLConfigKeys.RETENTION_MS.name();
    private static final String KEY_BYTES = DLConfigKeys.RETENTION_BYTES.name();
    private static final String KEY_RESPECT = DLConfigKeys.RETENTION_RESPECT_SUBSCRIPTIONS.name();
    private static final int MAX_SKEW_REPORTS = 10_000;

    private enum State { NEW, RUNNING, CLOSED }

    private final NamespaceImpl ns;
    private final LogMetadataStore store;
    private final SubscriptionStore subscriptions;
    private final Clock clock;
    private final SegmentPurger purger;
    private final Truncation truncation;
    private final long intervalMs;
    private final String lockPath;
    private final String lockOwner;
    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
    private final Set<String> skewReported = ConcurrentHashMap.newKeySet();
    private final Counter segmentsDeleted;
    private final Counter bytesReleased;
    private final Counter passes;
    private final Counter failures;
    private ScheduledThreadPoolExecutor executor;

    /**
     * Makes a service.
     *
     * @param ns the namespace, borrowed
     * @param clock the clock that judges ages
     * @param registry the metrics registry, or null
     */
    public RetentionServiceImpl(NamespaceImpl ns, Clock clock, MetricRegistry registry) {
        this(ns, clock, registry, SegmentPurger.DEFAULT);
    }

    /**
     * Makes a service with a purger whose hook may stop it between steps (crash tests).
     *
     * @param ns the namespace, borrowed
     * @param clock the clock that judges ages
     * @param registry the metrics registry, or null
     * @param purger the purger
     */
    public RetentionServiceImpl(NamespaceImpl ns, Clock clock, MetricRegistry registry, SegmentPurger purger) {
        this.ns = ns;
        this.store = ns.store();
        this.subscriptions = new SubscriptionStore(store.curator(), store.paths());
        this.clock = clock;
        this.purger = purger;
        this.truncation = new Truncation(purger);
        this.intervalMs = ns.config().get(DLConfigKeys.RETENTION_CHECK_INTERVAL_MS);
        this.lockPath = store.paths().namespacePath() + "/.retention-lock";
        this.lockOwner = "retention " + ns.owner() + " service=" + UUID.randomUUID();
        MetricRegistry r = registry == null ? new MetricRegistry() : registry;
        this.segmentsDeleted = r.counter("dlog.retention.segments.deleted");
        this.bytesReleased = r.counter("dlog.retention.bytes.released");
        this.passes = r.counter("dlog.retention.passes");
        this.failures = r.counter("dlog.retention.failures");
    }

    @Override
    public void start() {
        if (!state.compareAndSet(State.NEW, State.RUNNING)) {
            throw new IllegalStateException("retention service is " + state.get() + "; start it once");
        }
        executor = new ScheduledThreadPoolExecutor(1, new ExecutorThreads("retention"));
        executor.scheduleWithFixedDelay(this::runQuietly, 0, intervalMs, TimeUnit.MILLISECONDS);
        LOG.info("retention service started namespace={} intervalMs={}", store.paths().namespacePath(), intervalMs);
    }

    private void runQuietly() {
        try {
            runOnce();
        } catch (DLException e) {
            failures.inc();
            LOG.warn("retention pass failed namespace={} code={} reason={}", store.paths().namespacePath(),
                    e.code(), e.getMessage());
        } catch (RuntimeException e) {
            failures.inc();
            LOG.warn("retention pass failed namespace={}", store.paths().namespacePath(), e);
        }
    }

    @Override
    public synchronized RetentionRun runOnce() throws DLException {
        checkOpen();
        WriteLock lock;
        try {
            lock = WriteLock.acquire(store.curator(), lockPath, lockOwner, Duration.ZERO, () -> { });
        } catch (LockingException e) {
            LOG.debug("retention pass skipped namespace={}: {}", store.paths().namespacePath(), e.getMessage());
            return RetentionRun.SKIPPED;
        }
        if (!lockOwner.equals(WriteLock.holder(store.curator(), lockPath))) {
            // Another service of the same namespace (same ZooKeeper session) holds it: not ours to release.
            return RetentionRun.SKIPPED;
        }
        try {
            return pass(lock);
        } finally {
            lock.release();
        }
    }

    private RetentionRun pass(WriteLock lock) throws DLException {
        passes.inc();
        int checked = 0;
        int deleted = 0;
        int failed = 0;
        long bytes = 0;
        for (String log : store.listLogs()) {
            if (!lock.isHeld() || state.get() == State.CLOSED) {
                break; // another service may take over; versioned changes keep an overlap harmless
            }
            checked++;
            try {
                long[] r = enforce(log);
                deleted += (int) r[0];
                bytes += r[1];
            } catch (LogNotFoundException e) {
                LOG.debug("log vanished during retention log={}", log);
            } catch (DLException e) {
                failed++;
                failures.inc();
                LOG.warn("retention failed log={}/{} code={} reason={}", store.paths().namespacePath(), log,
                        e.code(), e.getMessage());
            }
        }
        segmentsDeleted.inc(deleted);
        bytesReleased.inc(bytes);
        return new RetentionRun(true, checked, deleted, bytes, failed);
    }

    /**
     * Enforces one log; returns {ledgers deleted, bytes released}. A first read, without a guard, says whether
     * there is anything to do; if so, a guard is taken and everything is read and planned again under it, so no
     * change planned here can land on a later incarnation of the log (deleted and re-created meanwhile).
     */
    private long[] enforce(String log) throws DLException {
        LogContext ctx = ns.contextFor(log);
        if (!hasWork(ctx, log)) {
            return new long[] {0, 0};
        }
        IncarnationGuard guard = store.guard(log);
        try {
            return enforce(ctx, log, guard);
        } finally {
            store.dropGuard(guard);
        }
    }

    private boolean hasWork(LogContext ctx, String log) throws DLException {
        Versioned<DLSN> point = store.readTruncationPoint(log);
        List<Versioned<LogSegmentMetadata>> segs = store.readSegments(log);
        if (point != null && Truncation.pending(segs, point.value())) {
            return true;
        }
        if (SegmentPurger.needsFinish(segs)) {
            return true;
        }
        RetentionPolicy policy = effective(log);
        return !RetentionDecision.decide(segs, policy, clock.millis(), seq -> store.segmentModifiedMillis(log, seq),
                (s, skew) -> reportSkew(ctx, s, skew), consumedUpTo(log, policy)).isEmpty();
    }

    private long[] enforce(LogContext ctx, String log, IncarnationGuard guard) throws DLException {
        Versioned<DLSN> point = store.readTruncationPoint(log);
        boolean changed = point != null && truncation.apply(ctx, point.value(), guard);
        RetentionPolicy policy = effective(log);
        List<Versioned<LogSegmentMetadata>> segs = store.readSegments(log);
        long now = clock.millis();
        List<Versioned<LogSegmentMetadata>> release = RetentionDecision.decide(segs, policy, now,
                seq -> store.segmentModifiedMillis(log, seq), (s, skew) -> reportSkew(ctx, s, skew),
                consumedUpTo(log, policy));
        long bytes = 0;
        if (!release.isEmpty()) {
            purger.hook().after(PurgeStep.PLANNED, log, release.get(release.size() - 1).value().sequenceNumber());
            if (purger.mark(ctx, release, null, guard)) {
                changed = true;
                for (Versioned<LogSegmentMetadata> v : release) {
                    bytes += v.value().bytes();
                }
                LOG.debug("segments released by retention log={} count={} policy={}", ctx.fullName(),
                        release.size(), policy);
            }
        }
        int deleted = 0;
        if (changed || SegmentPurger.needsFinish(segs)) {
            deleted = purger.finish(ctx, "retention " + policy, guard);
        }
        return new long[] {deleted, bytes};
    }

    /**
     * Returns what every subscription of the log has consumed, when the policy respects subscriptions: read after
     * the segments, so a commit made meanwhile only makes the bound more conservative than necessary.
     */
    private DLSN consumedUpTo(String log, RetentionPolicy policy) throws DLException {
        if (!policy.respectSubscriptions()) {
            return null;
        }
        return subscriptions.slowest(log).map(SubscriptionStore::consumed).orElse(null);
    }

    @Override
    public Optional<Subscription> heldBackBy(String log) throws DLException {
        checkOpen();
        RetentionPolicy policy = effective(LogNames.validate(log));
        if (!policy.respectSubscriptions()) {
            return Optional.empty();
        }
        Optional<Subscription> slowest = subscriptions.slowest(log);
        if (slowest.isEmpty()) {
            return slowest;
        }
        List<Versioned<LogSegmentMetadata>> segs = store.readSegments(log);
        long now = clock.millis();
        RetentionDecision.ModifiedTime modified = seq -> store.segmentModifiedMillis(log, seq);
        int bounded = RetentionDecision.decide(segs, policy, now, modified, (s, skew) -> { },
                SubscriptionStore.consumed(slowest.get())).size();
        int unbounded = RetentionDecision.decide(segs, policy, now, modified, (s, skew) -> { }, null).size();
        return unbounded > bounded ? slowest : Optional.empty();
    }

    private void reportSkew(LogContext ctx, LogSegmentMetadata s, long skewMillis) {
        if (skewReported.size() > MAX_SKEW_REPORTS) {
            skewReported.clear();
        }
        if (skewReported.add(ctx.log() + "/" + s.sequenceNumber())) {
            LOG.warn("writer clock skew seen by retention log={} seg={} completedAt={} skewMs={}; ages are judged "
                    + "on the later of the writer's stamp and ZooKeeper's", ctx.fullName(), s.sequenceNumber(),
                    s.completedAtMillis(), skewMillis);
        }
    }

    private RetentionPolicy effective(String log) throws DLException {
        RetentionPolicy base = RetentionPolicy.fromConfig(ns.config());
        Map<String, String> f = store.readRetentionOverride(log);
        if (f == null) {
            return base;
        }
        try {
            long ms = f.containsKey(KEY_MS) ? Long.parseLong(f.get(KEY_MS)) : base.retentionMs();
            long bytes = f.containsKey(KEY_BYTES) ? Long.parseLong(f.get(KEY_BYTES)) : base.retentionBytes();
            boolean respect = f.containsKey(KEY_RESPECT) ? parseBoolean(f.get(KEY_RESPECT))
                    : base.respectSubscriptions();
            return new RetentionPolicy(ms, bytes, respect);
        } catch (IllegalArgumentException e) {
            throw new DLException(StatusCode.METADATA_EXCEPTION, "retention override of " + log + " is malformed: "
                    + e.getMessage(), e);
        }
    }

    private static boolean parseBoolean(String v) {
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException(KEY_RESPECT + "=" + v + " is not true or false");
        }
        return Boolean.parseBoolean(v);
    }

    @Override
    public void setPolicy(String log, RetentionPolicy policy) throws DLException {
        checkOpen();
        Map<String, Object> f = new LinkedHashMap<>();
        f.put(KEY_MS, policy.retentionMs());
        f.put(KEY_BYTES, policy.retentionBytes());
        f.put(KEY_RESPECT, policy.respectSubscriptions());
        store.writeRetentionOverride(LogNames.validate(log), f);
        LOG.info("retention override set log={}/{} policy={}", store.paths().namespacePath(), log, policy);
    }

    @Override
    public void clearPolicy(String log) throws DLException {
        checkOpen();
        store.deleteRetentionOverride(LogNames.validate(log));
    }

    @Override
    public RetentionPolicy policy(String log) throws DLException {
        checkOpen();
        return effective(LogNames.validate(log));
    }

    private void checkOpen() throws AlreadyClosedException {
        if (state.get() == State.CLOSED) {
            throw new AlreadyClosedException("retention service of " + store.paths().namespacePath() + " is closed");
        }
    }

    @Override
    public void close() {
        State prev = state.getAndSet(State.CLOSED);
        if (prev == State.CLOSED) {
            return;
        }
        if (executor != null) {
            executor.shutdown();
            try {
                if (!executor.awaitTermination(60, TimeUnit.SECONDS)) {
                    executor.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                executor.shutdownNow();
            }
        }
        LOG.info("retention service stopped namespace={}", store.paths().namespacePath());
    }
}
