package io.dlog.protocol.wire;

import io.dlog.protocol.DLSN;
import io.dlog.protocol.StatusCode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;

/**
 * The primitive encodings of message bodies: strings (u16 length + UTF-8), byte arrays (i32 length + bytes),
 * DLSNs (three i64). Reads check lengths against what is readable before allocating anything.
 */
final class WireBuffers {
    private WireBuffers() {
    }

    static void writeString(ByteBuf out, String s) {
        int lengthAt = out.writerIndex();
        out.writeShort(0);
        int n = ByteBufUtil.writeUtf8(out, s);
        if (n > WireFormat.MAX_STRING_BYTES) {
            throw new IllegalArgumentException("string of " + n + " UTF-8 bytes exceeds "
                    + WireFormat.MAX_STRING_BYTES);
        }
        out.setShort(lengthAt, n);
    }

    /** Writes a human-readable text, cut to fit the u16 length (messages may quote long inputs). */
    static void writeText(ByteBuf out, String s) {
        writeString(out, s.length() > 16_000 ? s.substring(0, 16_000) + "..." : s);
    }

    static String readString(ByteBuf in, String what) throws BodyException {
        need(in, 2, what + " length");
        int n = in.readUnsignedShort();
        need(in, n, what);
        String s = in.toString(in.readerIndex(), n, StandardCharsets.UTF_8);
        in.skipBytes(n);
        return s;
    }

    static void writeBytes(ByteBuf out, byte[] bytes) {
        out.writeInt(bytes.length);
        out.writeBytes(bytes);
    }

    static byte[] readBytes(ByteBuf in, String what) throws BodyException {
        need(in, 4, what + " length");
        int n = in.readInt();
        if (n < 0) {
            throw new BodyException(StatusCode.MALFORMED_REQUEST, what + " has negative length " + n);
        }
        need(in, n, what);
        byte[] bytes = new byte[n];
        in.readBytes(bytes);
        return bytes;
    }

    /** Reads a count of items each at least {@code minItemBytes} long; rejects counts the body cannot hold. */
    static int readCount(ByteBuf in, int minItemBytes, String what) throws BodyException {
        need(in, 4, what + " count");
        int n = in.readInt();
        if (n < 0) {
            throw new BodyException(StatusCode.MALFORMED_REQUEST, what + " count is negative: " + n);
        }
        if ((long) n * minItemBytes > in.readableBytes()) {
            throw new BodyException(StatusCode.MALFORMED_REQUEST, what + " count " + n + " needs at least "
                    + (long) n * minItemBytes + " bytes; the body has " + in.readableBytes() + " left");
        }
        return n;
    }

    static void writeDlsn(ByteBuf out, DLSN dlsn) {
        out.writeLong(dlsn.segmentSequenceNumber());
        out.writeLong(dlsn.entryId());
        out.writeLong(dlsn.slotId());
    }

    static DLSN readDlsn(ByteBuf in, String what) throws BodyException {
        need(in, 3 * Long.BYTES, what);
        long seg = in.readLong();
        long entry = in.readLong();
        long slot = in.readLong();
        if (seg < 0 || entry < 0 || slot < 0) {
            throw new BodyException(StatusCode.INVALID_ARGUMENT, what + " has a negative part: " + seg + ":"
                    + entry + ":" + slot);
        }
        return new DLSN(seg, entry, slot);
    }

    static long readLong(ByteBuf in, String what) throws BodyException {
        need(in, Long.BYTES, what);
        return in.readLong();
    }

    static int readUnsignedByte(ByteBuf in, String what) throws BodyException {
        need(in, 1, what);
        return in.readUnsignedByte();
    }

    static int readInt(ByteBuf in, String what) throws BodyException {
        need(in, 4, what);
        return in.readInt();
    }

    static void need(ByteBuf in, int bytes, String what) throws BodyException {
        if (in.readableBytes() < bytes) {
            throw new BodyException(StatusCode.MALFORMED_REQUEST, "body ends inside " + what + ": needs " + bytes
                    + " bytes, " + in.readableBytes() + " left");
        }
    }
}
