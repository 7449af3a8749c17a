package io.dlog.core.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.apache.bookkeeper.client.api.BookKeeper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The BookKeeper client that reads completed segments, on BookKeeper's v2 wire protocol (issue 13,
 * {@code bookkeeper.read.v2.protocol}). On v3 a bookie copies every entry it sends into a protobuf message and the
 * client copies it out again; on v2 both pass the bytes on. v2 has no long-poll, so the tail, the writers and
 * recovery stay on the namespace's main (v3) client, and only a ledger known to be closed is opened here.
 *
 * <p>Started on first use, on a blocking executor (it opens a ZooKeeper session of its own), so that a namespace
 * that never reads behind the tail does not pay for it. If it cannot start, {@link #client()} answers with the
 * main client and a later call tries again: reads never fail because of this client. Thread-safe.
 */
public final class V2ReadClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(V2ReadClient.class);

    /** Builds the v2 client; may block. */
    @FunctionalInterface
    public interface Factory {
        /**
         * Builds the client.
         *
         * @return a started client
         * @throws Exception if it cannot be started
         */
        BookKeeper build() throws Exception;
    }

    private final BookKeeper main;
    private final Factory factory;
    private final Executor executor;
    /** The start in progress or done, or null: guarded by this. */
    private CompletableFuture<BookKeeper> starting;
    /** The started client, which {@link #close()} closes: guarded by this. */
    private BookKeeper started;
    private boolean closed;

    /**
     * Creates the holder; starts nothing.
     *
     * @param main the namespace's main client, the answer while the v2 client is off or cannot start
     * @param factory builds the v2 client, or null to read everything through {@code main}
     * @param executor runs the build
     */
    public V2ReadClient(BookKeeper main, Factory factory, Executor executor) {
        this.main = main;
        this.factory = factory;
        this.executor = executor;
    }

    /**
     * Returns the client to open a closed ledger with, starting the v2 client on first use.
     *
     * @return the v2 client, or the main client (off, not startable, or closed); never fails
     */
    public synchronized CompletableFuture<BookKeeper> client() {
        if (factory == null || closed) {
            return CompletableFuture.completedFuture(main);
        }
        if (starting == null) {
            CompletableFuture<BookKeeper> f = new CompletableFuture<>();
            try {
                executor.execute(() -> start(f));
            } catch (RejectedExecutionException e) {
                return CompletableFuture.completedFuture(main); // the namespace is closing
            }
            starting = f;
        }
        return starting;
    }

    private void start(CompletableFuture<BookKeeper> f) {
        BookKeeper built;
        try {
            built = factory.build();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.warn("bookkeeper v2 read client did not start, completed segments are read through the main client: "
                    + "{}", e.toString());
            synchronized (this) {
                if (starting == f) {
                    starting = null; // a later open tries again
                }
            }
            f.complete(main);
            return;
        }
        boolean keep;
        synchronized (this) {
            keep = !closed;
            if (keep) {
                started = built;
            }
        }
        if (!keep) {
            closeQuietly(built);
            f.complete(main);
            return;
        }
        LOG.info("bookkeeper v2 read client started");
        f.complete(built);
    }

    /** Returns whether the v2 client has started (for tests). */
    public synchronized boolean isStarted() {
        return started != null;
    }

    /** Closes the v2 client if it started; later calls of {@link #client()} answer with the main client. */
    @Override
    public void close() {
        BookKeeper c;
        synchronized (this) {
            closed = true;
            c = started;
            started = null;
        }
        if (c != null) {
            closeQuietly(c);
        }
    }

    private static void closeQuietly(BookKeeper c) {
        try {
            c.close();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.debug("closing the bookkeeper v2 read client failed", e);
        }
    }
}
