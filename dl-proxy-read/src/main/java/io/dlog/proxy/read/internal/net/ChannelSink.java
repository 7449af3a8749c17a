package io.dlog.proxy.read.internal.net;

import io.dlog.protocol.DLException;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.wire.AckResponse;
import io.dlog.protocol.wire.ErrorResponse;
import io.dlog.protocol.wire.Opcode;
import io.dlog.protocol.wire.ReadRecords;
import io.dlog.protocol.wire.ReaderOpened;
import io.dlog.protocol.wire.Response;
import io.dlog.proxy.read.internal.feed.ReaderSink;
import io.netty.channel.Channel;

/**
 * A subscriber's frames onto its connection. Every frame goes through the channel's event-loop task queue (even
 * when called on the event loop), so frames handed over in order under the feed's lock leave in that order.
 */
final class ChannelSink implements ReaderSink {
    private final Channel ch;
    private final long readerId;
    private final ReadRequestHandler handler;

    ChannelSink(Channel ch, long readerId, ReadRequestHandler handler) {
        this.ch = ch;
        this.readerId = readerId;
        this.handler = handler;
    }

    @Override
    public void opened(DLSN start) {
        push(start == null ? new AckResponse(readerId, Opcode.OPEN_READER) : new ReaderOpened(readerId, start), false);
    }

    @Override
    public void records(ReadRecords batch) {
        push(batch, false);
    }

    @Override
    public void ended(boolean opened, DLException why) {
        int opcode = opened ? Opcode.READER_END.value() : Opcode.OPEN_READER.value();
        push(ErrorResponse.of(readerId, opcode, why), true);
    }

    private void push(Response frame, boolean last) {
        try {
            ch.eventLoop().execute(() -> {
                if (last) {
                    handler.forget(readerId, this);
                }
                if (ch.isActive()) {
                    ch.writeAndFlush(frame, ch.voidPromise());
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // the proxy is stopping: the connection goes with it
        }
    }
}
