package io.dlog.protocol.wire;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Server side: answers each {@link WireError} from the decoders with an {@link ErrorResponse}, and closes the
 * connection after the answer when frame sync is lost. Other messages pass through, so the handlers after it see
 * only well-formed {@link Request}s. Sharable.
 */
@Sharable
public final class WireErrorResponder extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof WireError error) {
            if (error.closeConnection()) {
                ctx.writeAndFlush(error.toResponse()).addListener(ChannelFutureListener.CLOSE);
            } else {
                ctx.writeAndFlush(error.toResponse(), ctx.voidPromise());
            }
            return;
        }
        ctx.fireChannelRead(msg);
    }
}
