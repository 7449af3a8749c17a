package io.dlog.protocol.wire;

import io.dlog.protocol.StatusCode;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Splits the byte stream into frames (the first handler of every pipeline). Emits each frame as a retained
 * {@link ByteBuf} holding the bytes after the length field (header and body; the next handler owns and releases
 * it), or a {@link WireError}: never throws for bad input.
 *
 * <ul>
 *   <li>a length below the header size (or negative): {@code MALFORMED_FRAME}, frame sync is lost, so everything
 *       after is discarded and the connection is to be closed;</li>
 *   <li>a length above the limit: {@code MALFORMED_REQUEST} for that request id, and the frame's bytes are
 *       skipped as they arrive (never buffered), so the connection stays usable;</li>
 *   <li>a frame cut short by the end of the connection is dropped (released with the cumulation buffer).</li>
 * </ul>
 * Not sharable: one per channel.
 */
public final class FrameDecoder extends ByteToMessageDecoder {
    private final int maxFrameBytes;
    private long bytesToSkip;
    private boolean failed;

    /**
     * Makes a frame decoder.
     *
     * @param maxFrameBytes the largest accepted value of the length field (at least the header size)
     */
    public FrameDecoder(int maxFrameBytes) {
        if (maxFrameBytes < WireFormat.HEADER_AFTER_LENGTH_BYTES) {
            throw new IllegalArgumentException("maxFrameBytes must be at least "
                    + WireFormat.HEADER_AFTER_LENGTH_BYTES);
        }
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (true) {
            if (failed) {
                in.skipBytes(in.readableBytes());
                return;
            }
            if (bytesToSkip > 0) {
                int n = (int) Math.min(bytesToSkip, in.readableBytes());
                in.skipBytes(n);
                bytesToSkip -= n;
                if (bytesToSkip > 0) {
                    return;
                }
            }
            if (in.readableBytes() < WireFormat.LENGTH_FIELD_BYTES) {
                return;
            }
            int start = in.readerIndex();
            int length = in.getInt(start);
            if (length < WireFormat.HEADER_AFTER_LENGTH_BYTES) {
                failed = true;
                out.add(new WireError(WireFormat.CONNECTION_REQUEST_ID, 0, StatusCode.MALFORMED_FRAME,
                        "frame length " + length + " is below the header size " + WireFormat.HEADER_AFTER_LENGTH_BYTES,
                        true));
                continue;
            }
            if (length > maxFrameBytes) {
                if (in.readableBytes() < WireFormat.HEADER_BYTES) {
                    return;
                }
                out.add(oversized(in, start, length));
                in.skipBytes(WireFormat.LENGTH_FIELD_BYTES);
                bytesToSkip = length;
                continue;
            }
            if (in.readableBytes() < WireFormat.LENGTH_FIELD_BYTES + length) {
                return;
            }
            out.add(in.retainedSlice(start + WireFormat.LENGTH_FIELD_BYTES, length));
            in.skipBytes(WireFormat.LENGTH_FIELD_BYTES + length);
        }
    }

    private WireError oversized(ByteBuf in, int start, int length) {
        int opcode = in.getUnsignedByte(start + 5);
        long requestId = in.getLong(start + 8);
        String message = "frame of " + length + " bytes exceeds the limit of " + maxFrameBytes + " bytes";
        if (requestId <= 0) {
            // without a usable request id the answer cannot be matched: treat it as lost frame sync
            failed = true;
            return new WireError(WireFormat.CONNECTION_REQUEST_ID, opcode, StatusCode.MALFORMED_FRAME, message, true);
        }
        return new WireError(requestId, opcode, StatusCode.MALFORMED_REQUEST, message, false);
    }
}
