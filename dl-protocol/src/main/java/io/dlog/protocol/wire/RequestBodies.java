package io.dlog.protocol.wire;

import io.dlog.protocol.InvalidStreamNameException;
import io.dlog.protocol.LogNames;
import io.dlog.protocol.StatusCode;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/** Request bodies: the layout of each opcode's request after the header (docs/protocol.md). */
final class RequestBodies {
    private RequestBodies() {
    }

    /** Bytes the body of {@code request} will roughly take (to size the output buffer once). */
    static int estimate(Request request) {
        if (request instanceof Write w) {
            return 300 + w.payload().length;
        }
        if (request instanceof WriteBulk b) {
            int n = 300;
            for (byte[] p : b.payloads()) {
                n += 4 + p.length;
            }
            return n;
        }
        if (request instanceof Handshake h) {
            return 600 + h.authData().length;
        }
        return 300;
    }

    static void encode(Request request, ByteBuf out) {
        if (request instanceof Handshake h) {
            out.writeByte(h.minVersion());
            out.writeByte(h.maxVersion());
            WireBuffers.writeString(out, h.clientId());
            WireBuffers.writeString(out, h.authMethod());
            WireBuffers.writeBytes(out, h.authData());
        } else if (request instanceof Write w) {
            WireBuffers.writeString(out, w.stream());
            out.writeLong(w.producerId());
            out.writeLong(w.sequence());
            WireBuffers.writeBytes(out, w.payload());
        } else if (request instanceof WriteBulk b) {
            WireBuffers.writeString(out, b.stream());
            out.writeLong(b.producerId());
            out.writeLong(b.sequence());
            out.writeInt(b.payloads().size());
            for (byte[] p : b.payloads()) {
                WireBuffers.writeBytes(out, p);
            }
        } else if (request instanceof Truncate t) {
            WireBuffers.writeString(out, t.stream());
            WireBuffers.writeDlsn(out, t.dlsn());
        } else if (request instanceof Heartbeat hb) {
            WireBuffers.writeString(out, hb.stream());
        } else if (request instanceof OpenReader o) {
            WireBuffers.writeString(out, o.stream());
            out.writeByte(o.position().value());
            WireBuffers.writeDlsn(out, o.dlsn());
            out.writeLong(o.txid());
            out.writeInt(o.creditRecords());
            out.writeLong(o.creditBytes());
            WireBuffers.writeString(out, o.subscription());
        } else if (request instanceof ReadCredit c) {
            out.writeInt(c.records());
            out.writeLong(c.bytes());
        } else if (request instanceof CloseReader c) {
            out.writeLong(c.readerId());
        } else if (request instanceof CommitPosition c) {
            out.writeLong(c.readerId());
            WireBuffers.writeDlsn(out, c.dlsn());
        } else if (request instanceof StreamRequest s) {
            WireBuffers.writeString(out, s.stream());
        } else if (!(request instanceof Drain)) {
            throw new IllegalArgumentException("no body layout for " + request);
        }
    }

    /**
     * Decodes a request body; the whole body must be consumed.
     *
     * @throws BodyException with the status code to answer
     */
    static Request decode(Opcode op, long id, ByteBuf in) throws BodyException {
        return switch (op) {
            case HANDSHAKE -> decodeHandshake(id, in);
            case WRITE -> new Write(id, stream(in), WireBuffers.readLong(in, "producer id"),
                    WireBuffers.readLong(in, "sequence"), WireBuffers.readBytes(in, "payload"));
            case WRITE_BULK -> decodeBulk(id, in);
            case TRUNCATE -> new Truncate(id, stream(in), WireBuffers.readDlsn(in, "truncation DLSN"));
            case CREATE -> new Create(id, stream(in));
            case DELETE -> new Delete(id, stream(in));
            case RELEASE -> new Release(id, stream(in));
            case GET_OWNER -> new GetOwner(id, stream(in));
            case HEARTBEAT -> decodeHeartbeat(id, in);
            case DRAIN -> new Drain(id);
            case OPEN_READER -> ReadBodies.decodeOpen(id, stream(in), in);
            case READ_CREDIT -> ReadBodies.decodeCredit(id, in);
            case CLOSE_READER -> new CloseReader(id, ReadBodies.readerId(in));
            case COMMIT_POSITION -> new CommitPosition(id, ReadBodies.readerId(in),
                    WireBuffers.readDlsn(in, "commit DLSN"));
            case READ_RECORDS, READER_END -> throw new BodyException(StatusCode.MALFORMED_REQUEST, op
                    + " is sent by servers only");
        };
    }

    private static Handshake decodeHandshake(long id, ByteBuf in) throws BodyException {
        int min = WireBuffers.readUnsignedByte(in, "min version");
        int max = WireBuffers.readUnsignedByte(in, "max version");
        String clientId = WireBuffers.readString(in, "client id");
        String authMethod = WireBuffers.readString(in, "auth method");
        byte[] authData = WireBuffers.readBytes(in, "auth data");
        if (max < min) {
            throw new BodyException(StatusCode.INVALID_ARGUMENT, "version range " + min + ".." + max + " is empty");
        }
        if (clientId.isEmpty() || clientId.length() > WireFormat.MAX_CLIENT_ID_BYTES) {
            throw new BodyException(StatusCode.INVALID_ARGUMENT, "client id must be 1 to "
                    + WireFormat.MAX_CLIENT_ID_BYTES + " bytes");
        }
        return new Handshake(id, min, max, clientId, authMethod, authData);
    }

    private static WriteBulk decodeBulk(long id, ByteBuf in) throws BodyException {
        String stream = stream(in);
        long producer = WireBuffers.readLong(in, "producer id");
        long sequence = WireBuffers.readLong(in, "sequence");
        int count = WireBuffers.readCount(in, 4, "record");
        if (count == 0) {
            throw new BodyException(StatusCode.INVALID_ARGUMENT, "a bulk write to " + stream
                    + " needs at least one record");
        }
        List<byte[]> payloads = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            payloads.add(WireBuffers.readBytes(in, "record " + i));
        }
        return new WriteBulk(id, stream, producer, sequence, payloads);
    }

    private static Heartbeat decodeHeartbeat(long id, ByteBuf in) throws BodyException {
        String stream = WireBuffers.readString(in, "stream name");
        if (!stream.isEmpty()) {
            checkStream(stream);
        }
        return new Heartbeat(id, stream);
    }

    private static String stream(ByteBuf in) throws BodyException {
        return checkStream(WireBuffers.readString(in, "stream name"));
    }

    private static String checkStream(String stream) throws BodyException {
        try {
            return LogNames.validate(stream);
        } catch (InvalidStreamNameException e) {
            throw new BodyException(StatusCode.INVALID_STREAM_NAME, e.getMessage());
        }
    }
}
