package io.dlog.proxy.write.internal.net;

import io.dlog.protocol.wire.WireError;
import io.dlog.proxy.write.internal.service.WriteService;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/** Counts the frames the codec refused (one metric per status code) and passes them on to be answered. Sharable. */
@Sharable
final class FrameErrorCounter extends ChannelInboundHandlerAdapter {
    private final ProxyFrontend frontend;

    FrameErrorCounter(ProxyFrontend frontend) {
        this.frontend = frontend;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof WireError e) {
            WriteService s = frontend.service();
            if (s != null) {
                s.refusedFrame(e.code());
            }
        }
        ctx.fireChannelRead(msg);
    }
}
