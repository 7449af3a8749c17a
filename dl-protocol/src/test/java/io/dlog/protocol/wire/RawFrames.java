package io.dlog.protocol.wire;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Hand-built frames, to break one field at a time. */
final class RawFrames {
    private RawFrames() {
    }

    /** A frame whose length field matches its body. */
    static byte[] frame(int version, int opcode, int flags, long requestId, byte[] body) {
        return frameWithLength(WireFormat.HEADER_AFTER_LENGTH_BYTES + body.length, version, opcode, flags, requestId,
                body);
    }

    /** A frame with an arbitrary length field. */
    static byte[] frameWithLength(int length, int version, int opcode, int flags, long requestId, byte[] body) {
        ByteBuffer b = ByteBuffer.allocate(WireFormat.HEADER_BYTES + body.length);
        b.putInt(length).put((byte) version).put((byte) opcode).putShort((short) flags).putLong(requestId).put(body);
        return b.array();
    }

    /** A request frame of this version. */
    static byte[] request(Opcode op, long requestId, byte[] body) {
        return frame(WireFormat.VERSION, op.value(), 0, requestId, body);
    }

    /** A body holding one u16-prefixed string. */
    static byte[] string(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(2 + utf8.length).putShort((short) utf8.length).put(utf8).array();
    }

    /** Concatenates byte arrays. */
    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        ByteBuffer b = ByteBuffer.allocate(n);
        for (byte[] p : parts) {
            b.put(p);
        }
        return b.array();
    }

    static byte[] i32(int v) {
        return ByteBuffer.allocate(4).putInt(v).array();
    }

    static byte[] i64(long v) {
        return ByteBuffer.allocate(8).putLong(v).array();
    }
}
