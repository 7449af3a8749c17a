package io.dlog.client;

import io.dlog.protocol.DLSN;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A remote client of dlog: writes and administers streams through the write proxies and reads them through the
 * read proxies ({@link #openReader}), over the wire protocol ({@code docs/protocol.md}). It needs one bootstrap
 * address and learns the live proxies from the handshake.
 *
 * <pre>{@code
 * try (DLClient client = DLClient.builder().proxies("127.0.0.1:7002").clientId("orders-service").build()) {
 *     DLSN at = client.write("orders", bytes).join();
 * }
 * }</pre>
 *
 * <p><b>Threads.</b> Thread-safe; every method returns at once and never blocks. Futures complete on the
 * client's callback thread ({@code dlog-client-callback-0}), never on a network thread; a callback that blocks
 * delays the completion of the client's other futures, so hand long work to your own executor.
 *
 * <p><b>Order.</b> Writes ({@link #write}, {@link #writeBulk}) from one client to one stream are written in the
 * order they were called, across redirects and retries: every acknowledged write is in the log after every
 * acknowledged write called before it (a rejected write that could only be retried behind a later acknowledged
 * one fails instead, with its rejection, having written nothing). The futures of a stream's writes answered by one
 * proxy complete in call order.
 *
 * <p><b>Failures.</b> Futures fail with the same {@link io.dlog.protocol.DLException} subclasses and
 * {@link io.dlog.protocol.StatusCode}s as the core. The client retries, with backoff and within
 * {@code requestTimeout} and {@code maxRedirects}, only what certainly was not written: {@code FOUND} (it goes
 * to the owner), a draining or unavailable proxy, capacity rejections, a request that was never sent. A write
 * whose outcome is unknown is never retried (that could write it twice): it fails with
 * {@link io.dlog.protocol.StatusCode#TIMEOUT} (no answer in time) or
 * {@link io.dlog.protocol.StatusCode#WRITE_EXCEPTION} (the connection was lost after the request was sent), and
 * the record may or may not be in the log. {@link #isIndeterminate(Throwable)} tells these apart. No proxy
 * reachable: {@link io.dlog.protocol.StatusCode#SERVICE_UNAVAILABLE} naming every address tried. After
 * {@link #close()}: {@link io.dlog.protocol.StatusCode#CLIENT_CLOSED}.
 *
 * <p>Cancelling a returned future does not cancel the request.
 */
public interface DLClient extends AutoCloseable {

    /** Returns a builder with the defaults of {@link ClientConfig}. */
    static DLClientBuilder builder() {
        return new DLClientBuilder();
    }

    /**
     * Appends one record.
     *
     * @param stream the stream (log) name
     * @param payload the record's bytes; the client keeps a reference until the future completes, so do not
     *     change the array meanwhile
     * @return the record's position once it is durable
     */
    CompletableFuture<DLSN> write(String stream, byte[] payload);

    /**
     * Appends records as one record set: all are written or none.
     *
     * @param stream the stream name
     * @param payloads at least one record
     * @return the records' positions, in order
     */
    CompletableFuture<List<DLSN>> writeBulk(String stream, List<byte[]> payloads);

    /**
     * Truncates a stream: records before {@code dlsn} may be deleted.
     *
     * @return completes when the owner has truncated
     */
    CompletableFuture<Void> truncate(String stream, DLSN dlsn);

    /** Creates a stream; fails with {@code LOG_EXISTS} if it exists. */
    CompletableFuture<Void> create(String stream);

    /** Deletes a stream and its data; fails with {@code LOG_NOT_FOUND} if it does not exist. */
    CompletableFuture<Void> delete(String stream);

    /** Asks the stream's owner to give it up (close its writer, release its write lock). */
    CompletableFuture<Void> release(String stream);

    /**
     * Asks which write proxy owns a stream.
     *
     * @return the owner's {@code host:port}, or an empty string when no proxy owns it
     */
    CompletableFuture<String> getOwner(String stream);

    /**
     * Opens a reader of a stream at a DLSN, through the stream's read proxy (consistent hashing over the live read
     * proxies, so one stream's readers share that proxy's cache).
     *
     * @param stream the stream name
     * @param from the first position to read: records at or after it are delivered
     * @return the open reader; fails with LOG_NOT_FOUND, LOG_TRUNCATED, INVALID_ARGUMENT (a position past the end),
     *     or SERVICE_UNAVAILABLE when no read proxy serves it within the request timeout
     */
    CompletableFuture<StreamReader> openReader(String stream, DLSN from);

    /**
     * Opens a reader of a stream at the first record whose txid is at least {@code fromTxId}.
     *
     * @param stream the stream name
     * @param fromTxId the txid (non-negative)
     * @return the open reader; fails as {@link #openReader(String, DLSN)}
     */
    CompletableFuture<StreamReader> openReader(String stream, long fromTxId);

    /**
     * Opens a reader of a stream at a start the read proxy resolves from the log: its first readable record, its
     * last record, or just after it (only new records); see {@link ReadFrom}. Needs a read proxy that knows the
     * position ({@link ReadFrom#TAIL} is refused with INVALID_ARGUMENT by proxies that predate it).
     *
     * @param stream the stream name
     * @param from where to start
     * @return the open reader; fails with LOG_NOT_FOUND, or SERVICE_UNAVAILABLE when no read proxy serves it
     *     within the request timeout
     */
    CompletableFuture<StreamReader> openReader(String stream, ReadFrom from);

    /**
     * Subscribes to a stream through a durable subscription: the read proxy takes the subscription's read lock for
     * this reader (at most one reader per subscription at a time, remote or embedded) and starts after the
     * subscription's committed position, or at the first readable record when nothing was committed (a new
     * subscription is created). Commit progress with {@link StreamReader#commit}. When its read proxy goes away the
     * reader resumes elsewhere after the last record it received and takes the lock again (retrying while the old
     * proxy's lock lingers, up to the request timeout).
     *
     * @param stream the stream name
     * @param subscription the subscription's name (1 to 255 characters of {@code [A-Za-z0-9._-]}, not starting
     *     with {@code .})
     * @return the open reader; fails with LOCKING_EXCEPTION (another reader holds the subscription), LOG_NOT_FOUND,
     *     LOG_TRUNCATED (the committed position was released), INVALID_ARGUMENT (a bad name), or SERVICE_UNAVAILABLE
     */
    CompletableFuture<StreamReader> subscribe(String stream, String subscription);

    /**
     * Closes the client: fails every pending call with {@code CLIENT_CLOSED}, closes every connection and stops
     * its threads. Idempotent; waits at most a few seconds.
     */
    @Override
    void close();

    /**
     * Returns whether a failure of this client leaves the outcome of a write unknown (the record may or may not be
     * in the log), as opposed to a failure that certainly wrote nothing.
     *
     * @param failure a failure from one of this client's futures (wrapped or not)
     */
    static boolean isIndeterminate(Throwable failure) {
        return io.dlog.client.internal.Outcomes.isIndeterminate(failure);
    }
}
