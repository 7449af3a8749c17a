package io.dlog.proxy.write.internal.ownership;

import io.dlog.core.AsyncLogWriter;
import io.dlog.protocol.DLException;
import java.util.concurrent.CompletableFuture;

/**
 * One request on an owned stream, queued in arrival order until the stream's writer can take it.
 *
 * <p>{@link #submit} runs under the stream's monitor, so it must only hand the request to the writer (which
 * appends on the calling thread and returns at once); it never blocks.
 */
interface StreamOp {

    /** Bytes this request holds in flight (payload plus record framing), 0 for requests that carry none. */
    long bytes();

    /** Whether the request must be the only one in its entry (a bulk write), so the writer must drain first. */
    boolean needsEmptyWriter();

    /**
     * Hands the request to the writer.
     *
     * @param writer the stream's writer
     * @return completes (normally or with the writer's {@link DLException}) when the request is done
     */
    CompletableFuture<?> submit(AsyncLogWriter writer);

    /**
     * Fails the request without having sent it (so it is certainly not written).
     *
     * @param error the reason
     */
    void fail(DLException error);
}
