package io.dlog.proxy.read.internal.feed;

import io.dlog.core.LogManager;
import io.dlog.protocol.DLException;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.Futures;
import io.dlog.protocol.InvalidArgumentException;
import io.dlog.protocol.LogSegmentMetadata;
import io.dlog.protocol.StatusCode;
import io.dlog.protocol.wire.OpenReader;
import io.dlog.protocol.wire.ReadPosition;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Where a plain reader starts, resolved as dl-core resolves its positions (docs/protocol.md, {@code OPEN_READER}):
 * {@code FIRST} at {@link LogManager#getFirstDLSNAsync()}, {@code LAST} at {@link LogManager#getLastDLSNAsync()},
 * {@code TAIL} just after it, a DLSN or txid checked against the end of the log. A log without a readable record
 * starts all three at the first record to come. Never blocks.
 */
final class StartPositions {
    private StartPositions() {
    }

    /** Whether the proxy resolves this open's start itself (and names it in its answer). */
    static boolean resolvedByProxy(OpenReader req) {
        return req.subscription().isEmpty() && (req.position() == ReadPosition.FIRST
                || req.position() == ReadPosition.LAST || req.position() == ReadPosition.TAIL);
    }

    /** Where the reader starts: a DLSN, or null for a txid reader (its catch-up reader finds the record). */
    static CompletableFuture<DLSN> resolve(LogManager log, OpenReader req) {
        return switch (req.position()) {
            case FIRST -> orNextWhenEmpty(log, log.getFirstDLSNAsync());
            case LAST -> orNextWhenEmpty(log, log.getLastDLSNAsync());
            case TAIL -> orNextWhenEmpty(log, log.getLastDLSNAsync().thenApply(DLSN::nextSlot));
            case DLSN -> checkDlsn(log, req);
            case TXID -> checkTxId(log, req);
        };
    }

    private static CompletableFuture<DLSN> checkDlsn(LogManager log, OpenReader req) {
        return log.getLastDLSNAsync().handle((last, t) -> {
            if (t != null) {
                rethrowUnlessEmpty(t);
                return req.dlsn();
            }
            DLSN limit = new DLSN(last.segmentSequenceNumber() + 1, 0, 0);
            if (req.dlsn().compareTo(limit) > 0) {
                throw new CompletionException(new InvalidArgumentException("position " + req.dlsn()
                        + " is past the end of " + req.stream() + " (last record " + last + ")"));
            }
            return req.dlsn();
        });
    }

    private static CompletableFuture<DLSN> checkTxId(LogManager log, OpenReader req) {
        return log.getLastTxIdAsync().handle((last, t) -> {
            if (t != null) {
                rethrowUnlessEmpty(t);
                return null;
            }
            if (req.txid() > last + 1) {
                throw new CompletionException(new InvalidArgumentException("txid " + req.txid()
                        + " is past the end of " + req.stream() + " (last txid " + last + ")"));
            }
            return null;
        });
    }

    /** {@code f}'s position, or the first record to come when the log has no readable record. */
    private static CompletableFuture<DLSN> orNextWhenEmpty(LogManager log, CompletableFuture<DLSN> f) {
        return f.handle((d, t) -> {
            if (t == null) {
                return CompletableFuture.completedFuture(d);
            }
            rethrowUnlessEmpty(t);
            return log.getLogSegmentsAsync().thenApply(StartPositions::nextOfEmpty);
        }).thenCompose(x -> x);
    }

    /**
     * The first record to come in a log without a readable record: the first position of the in-progress segment
     * (after a truncation point recorded in it), else the segment after the last one, else {@link DLSN#INITIAL}.
     * Not {@code INITIAL} when segments exist: after a truncation to the end, that is below the truncation point.
     */
    static DLSN nextOfEmpty(List<LogSegmentMetadata> segments) {
        if (segments.isEmpty()) {
            return DLSN.INITIAL;
        }
        LogSegmentMetadata last = segments.get(segments.size() - 1);
        return last.isInProgress() ? last.minActiveDLSN() : new DLSN(last.sequenceNumber() + 1, 0, 0);
    }

    private static void rethrowUnlessEmpty(Throwable t) {
        DLException e = Futures.toDLException(t);
        if (e.code() != StatusCode.LOG_EMPTY) {
            throw new CompletionException(e);
        }
    }
}
