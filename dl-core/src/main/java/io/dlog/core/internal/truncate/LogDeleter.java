package io.dlog.core.internal.truncate;

import io.dlog.core.internal.Await;
import io.dlog.core.internal.Ledgers;
import io.dlog.core.internal.LogContext;
import io.dlog.core.internal.lock.WriteLock;
import io.dlog.core.internal.metadata.Versioned;
import io.dlog.protocol.DLException;
import io.dlog.protocol.LockingException;
import io.dlog.protocol.LogNotFoundException;
import io.dlog.protocol.LogSegmentMetadata;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes a log: takes its write lock (so no writer is running, unless forced), deletes every segment's
 * ledger, then the metadata. A crash part-way leaves metadata naming fewer ledgers, never a dangling one.
 */
public final class LogDeleter {
    private static final Logger LOG = LoggerFactory.getLogger(LogDeleter.class);

    private LogDeleter() {
    }

    /**
     * Deletes a log. Blocking; call from an application thread.
     *
     * @param ctx the log
     * @param force delete even while a writer holds the lock (that writer is fenced)
     * @throws LockingException if a writer holds it and force is false
     */
    public static void delete(LogContext ctx, boolean force) throws DLException {
        if (!ctx.store().logExists(ctx.log())) {
            throw new LogNotFoundException("log " + ctx.fullName() + " does not exist");
        }
        String lockPath = ctx.store().paths().lock(ctx.log());
        WriteLock lock = null;
        if (!force) {
            lock = WriteLock.acquire(ctx.store().curator(), lockPath, ctx.owner() + " (delete)", Duration.ZERO,
                    () -> { });
        }
        try {
            List<Versioned<LogSegmentMetadata>> segments = ctx.store().readSegments(ctx.log());
            for (Versioned<LogSegmentMetadata> s : segments) {
                Await.await(Ledgers.delete(ctx, s.value().ledgerId()));
            }
            // The lock znode is a child of the log znode, so it goes with the metadata: no writer can slip in.
            ctx.store().deleteLogMetadata(ctx.log());
            LOG.info("log deleted log={} segments={} forced={}", ctx.fullName(), segments.size(), force);
        } finally {
            if (lock != null) {
                lock.release();
            }
        }
    }
}
