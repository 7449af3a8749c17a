package io.dlog.core.internal.read;

import io.dlog.core.internal.LogContext;
import io.dlog.core.internal.metadata.Versioned;
import io.dlog.protocol.DLException;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.LogSegmentMetadata;
import io.dlog.protocol.StatusCode;
import java.util.List;

/** Answers questions about a log from its metadata (and, for the in-progress segment, from BookKeeper). */
public final class LogInspector {
    private LogInspector() {
    }

    private static List<LogSegmentMetadata> segments(LogContext ctx) throws DLException {
        return ctx.store().readSegments(ctx.log()).stream().map(Versioned::value).toList();
    }

    /** Returns the first readable position. */
    public static DLSN firstDLSN(LogContext ctx) throws DLException {
        for (LogSegmentMetadata s : segments(ctx)) {
            if (s.isInProgress() || s.recordCount() > 0) {
                return s.minActiveDLSN();
            }
        }
        throw new DLException(StatusCode.LOG_EMPTY, "log " + ctx.fullName() + " is empty");
    }

    /** Returns the last durable position (completed segments only, until the read path lands). */
    public static DLSN lastDLSN(LogContext ctx) throws DLException {
        List<LogSegmentMetadata> segs = segments(ctx);
        for (int i = segs.size() - 1; i >= 0; i--) {
            if (!segs.get(i).isInProgress() && segs.get(i).recordCount() > 0) {
                return segs.get(i).lastDLSN();
            }
        }
        throw new DLException(StatusCode.LOG_EMPTY, "log " + ctx.fullName() + " is empty");
    }

    /** Returns the last durable txid. */
    public static long lastTxId(LogContext ctx) throws DLException {
        List<LogSegmentMetadata> segs = segments(ctx);
        for (int i = segs.size() - 1; i >= 0; i--) {
            if (!segs.get(i).isInProgress() && segs.get(i).recordCount() > 0) {
                return segs.get(i).lastTxId();
            }
        }
        throw new DLException(StatusCode.LOG_EMPTY, "log " + ctx.fullName() + " is empty");
    }

    /** Returns the number of records in completed segments. */
    public static long recordCount(LogContext ctx) throws DLException {
        return segments(ctx).stream().filter(s -> !s.isInProgress()).mapToLong(LogSegmentMetadata::recordCount).sum();
    }
}
