package io.dlog.protocol.wire;

import io.netty.channel.Channel;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Writes messages to one channel from any thread, in the order they were given, with one event-loop task and one
 * flush per batch: the first message of a batch schedules a drain, and every message queued until that drain runs
 * leaves in the same socket write. Netty's own {@code writeAndFlush} from a foreign thread costs a task and a
 * flush per message, which under load was a large part of the client's and the proxy's event-loop time.
 *
 * <p>Messages given from the event loop go through the queue too, so a message never overtakes one given before
 * it from another thread.
 */
public final class BatchingWriter {
    private final Channel channel;
    private final Queue<Outbound> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();

    /**
     * Makes a writer for one channel.
     *
     * @param channel where the messages go
     */
    public BatchingWriter(Channel channel) {
        this.channel = channel;
    }

    /**
     * Queues a message whose outcome does not matter to the caller (a failed write closes the connection).
     *
     * @param message the message
     */
    public void write(Object message) {
        write(message, channel.voidPromise());
    }

    /**
     * Queues a message.
     *
     * @param message the message
     * @param promise completed when the message was written to the socket, or failed
     */
    public void write(Object message, ChannelPromise promise) {
        queue.add(new Outbound(message, promise));
        if (drainScheduled.compareAndSet(false, true)) {
            try {
                channel.eventLoop().execute(this::drain);
            } catch (RejectedExecutionException e) {
                // the event loop is shutting down: nothing queued can go out any more
                drainScheduled.set(false);
                for (Outbound o; (o = queue.poll()) != null; ) {
                    ReferenceCountUtil.release(o.message);
                    o.promise.tryFailure(e);
                }
            }
        }
    }

    private void drain() {
        drainScheduled.set(false); // before polling: a message queued from now on schedules another drain
        for (Outbound o; (o = queue.poll()) != null; ) {
            channel.write(o.message, o.promise);
        }
        channel.flush();
    }

    private record Outbound(Object message, ChannelPromise promise) {
    }
}
