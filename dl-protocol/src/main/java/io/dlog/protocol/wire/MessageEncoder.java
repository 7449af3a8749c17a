package io.dlog.protocol.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Encodes a {@link WireMessage} as one frame: header, then body, optionally preceded by its CRC32C. Sharable.
 * A message is valid by construction; one that still cannot be encoded (a string over 65,535 UTF-8 bytes) fails
 * its write promise and nothing is sent.
 */
@Sharable
public final class MessageEncoder extends MessageToByteEncoder<WireMessage> {
    private final boolean checksums;

    /**
     * Makes an encoder.
     *
     * @param checksums true to send a CRC32C of every body ({@link WireFormat#FLAG_CHECKSUM})
     */
    public MessageEncoder(boolean checksums) {
        super(WireMessage.class);
        this.checksums = checksums;
    }

    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, WireMessage msg, boolean preferDirect) {
        return ctx.alloc().ioBuffer(WireFormat.HEADER_BYTES + 4 + estimate(msg));
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, WireMessage msg, ByteBuf out) {
        encode(msg, out, checksums);
    }

    /**
     * Writes one frame for {@code msg} to {@code out}.
     *
     * @param msg the message
     * @param out where to write (grown as needed)
     * @param checksum whether to add a body CRC32C
     */
    public static void encode(WireMessage msg, ByteBuf out, boolean checksum) {
        int start = out.writerIndex();
        boolean response = msg instanceof Response;
        int flags = (response ? WireFormat.FLAG_RESPONSE : 0) | (checksum ? WireFormat.FLAG_CHECKSUM : 0);
        out.writeInt(0);
        out.writeByte(WireFormat.VERSION);
        out.writeByte(msg.opcodeValue());
        out.writeShort(flags);
        out.writeLong(msg.requestId());
        int crcAt = out.writerIndex();
        if (checksum) {
            out.writeInt(0);
        }
        int bodyStart = out.writerIndex();
        if (response) {
            ResponseBodies.encode((Response) msg, out);
        } else {
            RequestBodies.encode((Request) msg, out);
        }
        if (checksum) {
            out.setInt(crcAt, WireChecksum.crc32c(out, bodyStart, out.writerIndex() - bodyStart));
        }
        out.setInt(start, out.writerIndex() - start - WireFormat.LENGTH_FIELD_BYTES);
    }

    private static int estimate(WireMessage msg) {
        return msg instanceof Response r ? ResponseBodies.estimate(r) : RequestBodies.estimate((Request) msg);
    }
}
