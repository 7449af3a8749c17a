package io.dlog.core.internal.truncate;

import io.dlog.core.LogTruncation;
import io.dlog.core.internal.NamespaceImpl;
import io.dlog.protocol.DLException;
import io.dlog.protocol.DLSN;
import java.util.Objects;

/** {@link LogTruncation} over {@link TruncationPoints}. Blocking; thread-safe. */
public final class LogTruncationImpl implements LogTruncation {
    private final NamespaceImpl ns;

    /**
     * Makes the truncation service of a namespace.
     *
     * @param ns the namespace, borrowed
     */
    public LogTruncationImpl(NamespaceImpl ns) {
        this.ns = ns;
    }

    @Override
    public void truncate(String log, DLSN point) throws DLException {
        ns.checkOpen();
        TruncationPoints.truncate(ns, log, Objects.requireNonNull(point, "point"));
    }

    @Override
    public DLSN truncateBeforeTxId(String log, long txid) throws DLException {
        ns.checkOpen();
        return TruncationPoints.truncateBeforeTxId(ns, log, txid);
    }

    @Override
    public DLSN pointForTxId(String log, long txid) throws DLException {
        ns.checkOpen();
        return TruncationPoints.pointForTxId(ns, log, txid);
    }
}
