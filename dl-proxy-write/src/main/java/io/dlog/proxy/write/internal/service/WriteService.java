package io.dlog.proxy.write.internal.service;

import io.dlog.core.DLConfigKeys;
import io.dlog.core.Namespace;
import io.dlog.protocol.DLException;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.Futures;
import io.dlog.protocol.InvalidArgumentException;
import io.dlog.protocol.LogNames;
import io.dlog.protocol.LogRecord;
import io.dlog.protocol.NotOwnerException;
import io.dlog.protocol.StatusCode;
import io.dlog.protocol.TooLargeRecordException;
import io.dlog.proxy.write.internal.metrics.WriteProxyMetrics;
import io.dlog.proxy.write.internal.ownership.OwnerAddresses;
import io.dlog.proxy.write.internal.ownership.Requests;
import io.dlog.proxy.write.internal.ownership.StreamTable;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

/**
 * The write proxy's operations, independent of the transport: each checks its input, runs on the owned stream or
 * on the blocking executor, counts itself in the metrics, and completes with a result or the
 * {@link DLException} whose {@link StatusCode} goes on the wire.
 *
 * <p>Thread-safe; never blocks the caller (an event loop).
 */
public final class WriteService {
    private final Namespace ns;
    private final StreamTable table;
    private final Requests requests;
    private final WriteProxyMetrics metrics;
    private final ExecutorService blocking;
    private final Supplier<CompletableFuture<Void>> drain;
    private final String self;
    private final int recordMaxBytes;
    private final int batchMaxBytes;

    /**
     * Makes the service.
     *
     * @param ns the namespace; borrowed
     * @param table the owned streams; borrowed
     * @param metrics the metrics
     * @param blocking runs blocking core calls; borrowed
     * @param drain starts the proxy's graceful stop and completes when every stream is released
     * @param self this proxy's {@code host:port}
     */
    public WriteService(Namespace ns, StreamTable table, WriteProxyMetrics metrics, ExecutorService blocking,
            Supplier<CompletableFuture<Void>> drain, String self) {
        this.ns = ns;
        this.table = table;
        this.requests = new Requests(table);
        this.metrics = metrics;
        this.blocking = blocking;
        this.drain = drain;
        this.self = self;
        this.recordMaxBytes = ns.config().get(DLConfigKeys.RECORD_MAX_BYTES);
        this.batchMaxBytes = ns.config().get(DLConfigKeys.BATCH_MAX_BYTES);
    }

    /** Returns this proxy's {@code host:port}. */
    public String self() {
        return self;
    }

    /** Returns the metrics. */
    public WriteProxyMetrics metrics() {
        return metrics;
    }

    /**
     * Appends a record (the stream is taken on first use).
     *
     * @param stream the stream name
     * @param record the record
     * @return its position; fails INVALID_STREAM_NAME, TOO_LARGE_RECORD, OVER_CAPACITY, TOO_MANY_STREAMS, FOUND,
     *     SERVICE_UNAVAILABLE (draining), STREAM_UNAVAILABLE, or the writer's code
     */
    public CompletableFuture<DLSN> write(String stream, LogRecord record) {
        long t0 = System.nanoTime();
        CompletableFuture<DLSN> f;
        DLException bad = checkName(stream);
        if (bad == null) {
            bad = checkRecord(stream, record);
        }
        f = bad != null ? Futures.failed(bad) : requests.write(stream, record);
        return timed("write", t0, f);
    }

    /**
     * Appends records as one record set: all are written or none.
     *
     * @param stream the stream name
     * @param records 1 or more records whose record set fits {@code writer.batch.max.bytes}
     * @return their positions, in order; fails as {@link #write}, and TOO_LARGE_RECORD for a set that cannot be one
     *     entry, INVALID_ARGUMENT for an empty list
     */
    public CompletableFuture<List<DLSN>> writeBulk(String stream, List<LogRecord> records) {
        long t0 = System.nanoTime();
        DLException bad = checkName(stream);
        if (bad == null) {
            bad = checkBulk(stream, records);
        }
        CompletableFuture<List<DLSN>> f = bad != null ? Futures.failed(bad) : requests.writeBulk(stream, records);
        return timed("bulk", t0, f);
    }

    /**
     * Truncates a stream before a position, through its owner's writer.
     *
     * @param stream the stream
     * @param dlsn the first position to keep
     * @return completes when recorded
     */
    public CompletableFuture<Void> truncate(String stream, DLSN dlsn) {
        long t0 = System.nanoTime();
        DLException bad = checkName(stream);
        CompletableFuture<Void> f = bad != null ? Futures.failed(bad) : requests.truncate(stream, dlsn);
        return timed("truncate", t0, f);
    }

    /**
     * Takes or keeps ownership of a stream.
     *
     * @param stream the stream
     * @return completes when this proxy owns it; FOUND otherwise
     */
    public CompletableFuture<Void> heartbeat(String stream) {
        long t0 = System.nanoTime();
        DLException bad = checkName(stream);
        CompletableFuture<Void> f = bad != null ? Futures.failed(bad) : requests.heartbeat(stream);
        return timed("heartbeat", t0, f);
    }

    /**
     * Creates a stream.
     *
     * @param stream the stream
     * @return completes when created; LOG_EXISTS if it exists
     */
    public CompletableFuture<Void> create(String stream) {
        long t0 = System.nanoTime();
        DLException bad = checkName(stream);
        CompletableFuture<Void> f = bad != null ? Futures.failed(bad) : run(() -> {
            ns.createLog(stream);
            return null;
        });
        return timed("create", t0, f);
    }

    /**
     * Deletes a stream: releases it first if this proxy owns it; FOUND if another proxy does.
     *
     * @param stream the stream
     * @return completes when deleted; LOG_NOT_FOUND if absent
     */
    public CompletableFuture<Void> delete(String stream) {
        long t0 = System.nanoTime();
        DLException bad = checkName(stream);
        CompletableFuture<Void> f = bad != null ? Futures.failed(bad)
                : table.release(stream, "delete", false).thenCompose(v -> run(() -> deleteOrRedirect(stream)));
        return timed("delete", t0, f);
    }

    private Void deleteOrRedirect(String stream) throws DLException {
        try {
            ns.deleteLog(stream);
            return null;
        } catch (DLException e) {
            if (e.code() == StatusCode.LOCKING_EXCEPTION) {
                throw redirectOr(stream, e);
            }
            throw e;
        }
    }

    /**
     * Gives up ownership: pending writes complete, the lock is released, and the stream stays in probation here so
     * the next request goes to another proxy.
     *
     * @param stream the stream
     * @return completes when released; FOUND if another proxy owns it
     */
    public CompletableFuture<Void> release(String stream) {
        long t0 = System.nanoTime();
        DLException bad = checkName(stream);
        CompletableFuture<Void> f;
        if (bad != null) {
            f = Futures.failed(bad);
        } else if (table.holds(stream)) {
            f = table.release(stream, "client request", true);
        } else {
            f = table.owner(stream).thenCompose(o -> o.isPresent() && !o.get().equals(self)
                    && OwnerAddresses.isProxyAddress(o.get())
                    ? Futures.<Void>failed(new NotOwnerException(o.get(), NotOwnerException.messageFor(stream, o.get())))
                    : CompletableFuture.<Void>completedFuture(null));
        }
        return timed("release", t0, f);
    }

    /**
     * Says who owns a stream.
     *
     * @param stream the stream
     * @return the owner's name ({@code host:port} for a proxy), or empty when nobody holds it
     */
    public CompletableFuture<Optional<String>> getOwner(String stream) {
        long t0 = System.nanoTime();
        DLException bad = checkName(stream);
        CompletableFuture<Optional<String>> f = bad != null ? Futures.failed(bad) : table.owner(stream);
        return timed("owner", t0, f);
    }

    /**
     * Starts a graceful stop: no new streams, in-flight writes finish, every lock is released.
     *
     * @return completes when every stream is released
     */
    public CompletableFuture<Void> drain() {
        long t0 = System.nanoTime();
        return timed("drain", t0, drain.get());
    }

    /**
     * Counts a frame refused before it became an operation.
     *
     * @param code its answer
     */
    public void refusedFrame(StatusCode code) {
        metrics.refusedFrame(code);
    }

    private DLException checkName(String stream) {
        try {
            LogNames.validate(stream);
            return null;
        } catch (DLException e) {
            return e;
        }
    }

    private DLException checkRecord(String stream, LogRecord r) {
        if (r.payload().length > recordMaxBytes) {
            return new TooLargeRecordException("record of " + r.payload().length + " bytes exceeds record.max.bytes="
                    + recordMaxBytes + " on stream " + stream);
        }
        return null;
    }

    private DLException checkBulk(String stream, List<LogRecord> records) {
        if (records.isEmpty()) {
            return new InvalidArgumentException("bulk write to " + stream + " has no records");
        }
        for (LogRecord r : records) {
            DLException e = checkRecord(stream, r);
            if (e != null) {
                return e;
            }
        }
        long bytes = Requests.recordSetBytes(records);
        if (records.size() > 1 && bytes > batchMaxBytes) {
            return new TooLargeRecordException("bulk write of " + records.size() + " records (" + bytes
                    + " bytes framed) to " + stream + " does not fit one record set of writer.batch.max.bytes="
                    + batchMaxBytes + "; split it");
        }
        return null;
    }

    private DLException redirectOr(String stream, DLException lockError) {
        try {
            Optional<String> owner = table.ownerNow(stream);
            if (owner.isPresent() && OwnerAddresses.isProxyAddress(owner.get()) && !owner.get().equals(self)) {
                return new NotOwnerException(owner.get(), NotOwnerException.messageFor(stream, owner.get()));
            }
        } catch (DLException e) {
            return e;
        }
        return lockError;
    }

    private <T> CompletableFuture<T> run(BlockingCall<T> call) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return call.call();
            } catch (DLException e) {
                throw new CompletionException(e);
            }
        }, blocking);
    }

    private <T> CompletableFuture<T> timed(String op, long t0, CompletableFuture<T> f) {
        return f.whenComplete((v, t) -> metrics.answered(op, t0,
                t == null ? StatusCode.SUCCESS : Futures.toDLException(t).code()));
    }

    /** A blocking core call. */
    @FunctionalInterface
    private interface BlockingCall<T> {
        T call() throws DLException;
    }
}
