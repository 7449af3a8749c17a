package io.dlog.core.internal.read;

import io.dlog.core.AsyncLogReader;
import io.dlog.core.internal.LogContext;
import io.dlog.protocol.AlreadyClosedException;
import io.dlog.protocol.DLException;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.Futures;
import io.dlog.protocol.InvalidArgumentException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

/**
 * Opens readers: resolves the start on the metadata executor (blocking ZooKeeper and, for a txid, BookKeeper
 * reads), then starts the reader on the log executor. The returned futures fail with the {@link DLException}
 * itself: LOG_NOT_FOUND, LOG_TRUNCATED, INVALID_ARGUMENT, or a ZooKeeper/BookKeeper failure.
 */
public final class ReaderOpener {
    private ReaderOpener() {
    }

    /**
     * Opens a reader at a position.
     *
     * @param ctx the log
     * @param from the first position to deliver (or the first record after it)
     * @return the reader
     */
    public static CompletableFuture<AsyncLogReader> open(LogContext ctx, DLSN from) {
        Objects.requireNonNull(from, "from");
        return open(ctx, () -> StartResolver.resolve(ctx, from));
    }

    /**
     * Opens a reader at the first record whose txid is at least {@code fromTxId}.
     *
     * @param ctx the log
     * @param fromTxId the txid, not negative
     * @return the reader
     */
    public static CompletableFuture<AsyncLogReader> open(LogContext ctx, long fromTxId) {
        if (fromTxId < 0) {
            return Futures.failed(new InvalidArgumentException("txid " + fromTxId + " is negative"));
        }
        return open(ctx, () -> StartResolver.resolve(ctx, fromTxId));
    }

    private interface Resolution {
        ResolvedStart resolve() throws DLException;
    }

    private static CompletableFuture<AsyncLogReader> open(LogContext ctx, Resolution resolution) {
        CompletableFuture<AsyncLogReader> result = new CompletableFuture<>();
        ReaderConfig config = ReaderConfig.from(ctx.config());
        try {
            ctx.metadataExecutor().execute(() -> resolveThenStart(ctx, config, resolution, result));
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(closed(ctx));
        }
        return result;
    }

    private static void resolveThenStart(LogContext ctx, ReaderConfig config, Resolution resolution,
            CompletableFuture<AsyncLogReader> result) {
        try {
            ResolvedStart start = resolution.resolve();
            ctx.executor().execute(() -> {
                try {
                    result.complete(AsyncLogReaderImpl.start(ctx, config, start));
                } catch (RuntimeException e) {
                    result.completeExceptionally(Futures.toDLException(e));
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(closed(ctx));
        } catch (DLException | RuntimeException e) {
            result.completeExceptionally(Futures.toDLException(e));
        }
    }

    private static AlreadyClosedException closed(LogContext ctx) {
        return new AlreadyClosedException("cannot open a reader of " + ctx.fullName() + ": its namespace is closed");
    }
}
