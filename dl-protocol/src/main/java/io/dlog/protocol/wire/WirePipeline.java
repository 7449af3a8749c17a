package io.dlog.protocol.wire;

import io.netty.channel.ChannelPipeline;

/**
 * Installs the protocol's handlers at the head of a pipeline, in the order they must run. Handler names are
 * public so a server or client can add its own handlers after them.
 */
public final class WirePipeline {
    /** Name of the {@link FrameDecoder}. */
    public static final String FRAME_DECODER = "dlog-frame-decoder";
    /** Name of the {@link MessageEncoder}. */
    public static final String MESSAGE_ENCODER = "dlog-message-encoder";
    /** Name of the {@link MessageDecoder}. */
    public static final String MESSAGE_DECODER = "dlog-message-decoder";
    /** Name of the {@link WireErrorResponder} (servers only). */
    public static final String ERROR_RESPONDER = "dlog-wire-error-responder";

    private WirePipeline() {
    }

    /**
     * Adds a server's codec: frames in, {@link Request}s out; {@link Response}s in, frames out; bad frames
     * answered. The next handler receives only {@link Request}s.
     *
     * @param pipeline the channel's pipeline
     * @param maxFrameBytes the largest accepted frame length
     * @param checksums whether to add a CRC32C to every response
     */
    public static void addServerCodec(ChannelPipeline pipeline, int maxFrameBytes, boolean checksums) {
        pipeline.addLast(FRAME_DECODER, new FrameDecoder(maxFrameBytes));
        pipeline.addLast(MESSAGE_ENCODER, new MessageEncoder(checksums));
        pipeline.addLast(MESSAGE_DECODER, MessageDecoder.forServer());
        pipeline.addLast(ERROR_RESPONDER, new WireErrorResponder());
    }

    /**
     * Adds a client's codec: frames in, {@link Response}s (or a fatal {@link WireError}) out; {@link Request}s in,
     * frames out. The client closes the connection on a {@link WireError}.
     *
     * @param pipeline the channel's pipeline
     * @param maxFrameBytes the largest accepted frame length
     * @param checksums whether to add a CRC32C to every request
     */
    public static void addClientCodec(ChannelPipeline pipeline, int maxFrameBytes, boolean checksums) {
        pipeline.addLast(FRAME_DECODER, new FrameDecoder(maxFrameBytes));
        pipeline.addLast(MESSAGE_ENCODER, new MessageEncoder(checksums));
        pipeline.addLast(MESSAGE_DECODER, MessageDecoder.forClient());
    }
}
