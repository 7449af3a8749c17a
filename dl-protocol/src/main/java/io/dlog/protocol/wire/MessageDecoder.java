package io.dlog.protocol.wire;

import io.dlog.protocol.StatusCode;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.util.List;

/**
 * Turns a frame from {@link FrameDecoder} into a {@link WireMessage}, or a {@link WireError} when the frame is bad:
 * unsupported version, unknown flags, wrong direction, bad request id, unknown opcode, checksum mismatch, a body
 * shorter or longer than its layout, an invalid stream name, a negative count. Never throws for bad input; always
 * releases the frame. {@link WireError}s from the frame decoder pass through unchanged. Sharable.
 */
@Sharable
public final class MessageDecoder extends MessageToMessageDecoder<ByteBuf> {
    private final boolean requests;

    private MessageDecoder(boolean requests) {
        super(ByteBuf.class);
        this.requests = requests;
    }

    /** A decoder for a server: frames must be requests. */
    public static MessageDecoder forServer() {
        return new MessageDecoder(true);
    }

    /** A decoder for a client: frames must be responses; every error is fatal to the connection. */
    public static MessageDecoder forClient() {
        return new MessageDecoder(false);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
        out.add(decode(frame));
    }

    /**
     * Decodes one frame (the bytes after the length field). Does not release {@code frame}.
     *
     * @return a {@link WireMessage} or a {@link WireError}
     */
    public Object decode(ByteBuf frame) {
        if (frame.readableBytes() < WireFormat.HEADER_AFTER_LENGTH_BYTES) {
            return error(WireFormat.CONNECTION_REQUEST_ID, 0, StatusCode.MALFORMED_FRAME,
                    "frame of " + frame.readableBytes() + " bytes is shorter than the header", true);
        }
        int version = frame.readUnsignedByte();
        int opcode = frame.readUnsignedByte();
        int flags = frame.readUnsignedShort();
        long id = frame.readLong();
        boolean isResponse = (flags & WireFormat.FLAG_RESPONSE) != 0;
        if (requests && id <= 0 || !requests && id < 0) {
            return error(WireFormat.CONNECTION_REQUEST_ID, opcode, StatusCode.MALFORMED_FRAME,
                    "request id " + id + " is not positive", true);
        }
        if (version < WireFormat.MIN_VERSION || version > WireFormat.VERSION) {
            return error(id, opcode, StatusCode.UNSUPPORTED_VERSION, "protocol version " + version
                    + " is not supported; this peer speaks " + WireFormat.MIN_VERSION + ".." + WireFormat.VERSION,
                    true);
        }
        if ((flags & ~WireFormat.KNOWN_FLAGS) != 0) {
            return error(id, opcode, StatusCode.MALFORMED_REQUEST, "unknown flags 0x" + Integer.toHexString(flags),
                    false);
        }
        if (isResponse == requests) {
            return error(id, opcode, StatusCode.MALFORMED_REQUEST,
                    requests ? "a server takes requests, not responses" : "a client takes responses, not requests",
                    false);
        }
        Opcode op = Opcode.fromValue(opcode);
        if (op == null && requests) {
            return error(id, opcode, StatusCode.UNKNOWN_OPCODE, "unknown opcode 0x" + Integer.toHexString(opcode),
                    false);
        }
        if ((flags & WireFormat.FLAG_CHECKSUM) != 0) {
            WireError bad = verifyChecksum(frame, id, opcode);
            if (bad != null) {
                return bad;
            }
        }
        return body(frame, op, opcode, id);
    }

    private Object body(ByteBuf frame, Opcode op, int opcode, long id) {
        try {
            WireMessage message = requests ? RequestBodies.decode(op, id, frame)
                    : ResponseBodies.decode(opcode, op, id, frame);
            if (frame.isReadable()) {
                return error(id, opcode, StatusCode.MALFORMED_REQUEST, "body is " + frame.readableBytes()
                        + " bytes longer than its " + (op == null ? "0x" + Integer.toHexString(opcode) : op)
                        + " layout", false);
            }
            return message;
        } catch (BodyException e) {
            return error(id, opcode, e.code(), e.getMessage(), false);
        } catch (RuntimeException e) {
            // a record's own validation (or a bug): still an answer, never an exception on the event loop
            return error(id, opcode, StatusCode.INVALID_ARGUMENT, String.valueOf(e.getMessage()), false);
        }
    }

    private WireError verifyChecksum(ByteBuf frame, long id, int opcode) {
        if (frame.readableBytes() < 4) {
            return error(id, opcode, StatusCode.MALFORMED_REQUEST, "checksum flag set but body has no checksum", false);
        }
        int expected = frame.readInt();
        int actual = WireChecksum.crc32c(frame, frame.readerIndex(), frame.readableBytes());
        if (expected != actual) {
            return error(id, opcode, StatusCode.CHECKSUM_FAILED, "body checksum 0x" + Integer.toHexString(actual)
                    + " does not match 0x" + Integer.toHexString(expected), false);
        }
        return null;
    }

    private WireError error(long id, int opcode, StatusCode code, String message, boolean close) {
        return new WireError(id, opcode, code, message, close || !requests);
    }
}
