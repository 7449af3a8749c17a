package io.dlog.core.internal.truncate;

import io.dlog.core.internal.LogContext;
import io.dlog.core.internal.NamespaceImpl;
import io.dlog.core.internal.metadata.Versioned;
import io.dlog.protocol.DLException;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.InvalidArgumentException;
import io.dlog.protocol.LogNames;
import io.dlog.protocol.LogNotFoundException;
import io.dlog.protocol.LogSegmentMetadata;
import io.dlog.protocol.SegmentState;

/** Truncation requested without a writer (the {@code io.dlog.core.LogTruncation} API). Blocking; thread-safe. */
public final class TruncationPoints {
    private TruncationPoints() {
    }

    /**
     * Truncates a log before a position.
     *
     * @param ns the namespace
     * @param log the log
     * @param point the first position to keep
     */
    public static void truncate(NamespaceImpl ns, String log, DLSN point) throws DLException {
        LogContext ctx = existing(ns, log);
        new Truncation(SegmentPurger.DEFAULT).truncateNow(ctx, point, false);
    }

    /**
     * Truncates before a txid at segment granularity.
     *
     * @return the point used
     */
    public static DLSN truncateBeforeTxId(NamespaceImpl ns, String log, long txid) throws DLException {
        DLSN point = pointForTxId(ns, log, txid);
        new Truncation(SegmentPurger.DEFAULT).truncateNow(ns.contextFor(log), point, false);
        return point;
    }

    /**
     * Returns the first position of the first completed segment whose last txid is at least {@code txid}.
     *
     * @throws InvalidArgumentException if no completed segment holds such a record
     */
    public static DLSN pointForTxId(NamespaceImpl ns, String log, long txid) throws DLException {
        LogContext ctx = existing(ns, log);
        for (Versioned<LogSegmentMetadata> v : ctx.store().readSegments(ctx.log())) {
            LogSegmentMetadata s = v.value();
            if (s.state() == SegmentState.COMPLETED && s.recordCount() > 0 && s.lastTxId() >= txid) {
                return s.minActiveDLSN().compareTo(s.firstDLSN()) > 0 ? s.minActiveDLSN() : s.firstDLSN();
            }
        }
        throw new InvalidArgumentException("cannot truncate " + ctx.fullName() + " before txid " + txid
                + ": no completed segment holds a record with that txid or a later one");
    }

    private static LogContext existing(NamespaceImpl ns, String log) throws DLException {
        LogContext ctx = ns.contextFor(LogNames.validate(log));
        if (!ctx.store().logExists(ctx.log())) {
            throw new LogNotFoundException("log " + ctx.fullName() + " does not exist");
        }
        return ctx;
    }
}
