package io.dlog.protocol.wire;

import io.dlog.protocol.DLSN;
import io.dlog.protocol.StatusCode;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * Response bodies: an i32 status code, then for an error its message and owner (two strings), for a success the
 * result of the opcode (docs/protocol.md).
 */
final class ResponseBodies {
    private ResponseBodies() {
    }

    static int estimate(Response response) {
        if (response instanceof WriteBulkResponse b) {
            return 8 + b.dlsns().size() * 3 * Long.BYTES;
        }
        if (response instanceof HandshakeResponse h) {
            return 300 + h.proxies().size() * 64;
        }
        if (response instanceof ReadRecords r) {
            return 8 + r.records().size() * 36 + (int) Math.min(Integer.MAX_VALUE / 2, r.payloadBytes());
        }
        return 300;
    }

    static void encode(Response response, ByteBuf out) {
        if (response instanceof ErrorResponse e) {
            out.writeInt(e.code());
            WireBuffers.writeText(out, e.message());
            WireBuffers.writeString(out, e.owner());
            return;
        }
        out.writeInt(StatusCode.SUCCESS.value());
        if (response instanceof HandshakeResponse h) {
            out.writeByte(h.version());
            out.writeByte(h.role().value());
            out.writeByte(h.state().value());
            WireBuffers.writeString(out, h.address());
            out.writeInt(h.proxies().size());
            for (ProxyEndpoint p : h.proxies()) {
                out.writeByte(p.role().value());
                WireBuffers.writeString(out, p.address());
            }
        } else if (response instanceof WriteResponse w) {
            WireBuffers.writeDlsn(out, w.dlsn());
        } else if (response instanceof WriteBulkResponse b) {
            out.writeInt(b.dlsns().size());
            for (DLSN d : b.dlsns()) {
                WireBuffers.writeDlsn(out, d);
            }
        } else if (response instanceof GetOwnerResponse g) {
            WireBuffers.writeString(out, g.owner());
        } else if (response instanceof CommitResponse c) {
            WireBuffers.writeDlsn(out, c.dlsn());
        } else if (response instanceof ReaderOpened o) {
            WireBuffers.writeDlsn(out, o.start());
        } else if (response instanceof ReadRecords r) {
            ReadBodies.encodeRecords(r, out);
        } else if (!(response instanceof AckResponse)) {
            throw new IllegalArgumentException("no body layout for " + response);
        }
    }

    /**
     * Decodes a response body; the whole body must be consumed.
     *
     * @param opcode the frame's opcode byte
     * @param op the known opcode, or null when this version does not know it (only an error may answer it)
     */
    static Response decode(int opcode, Opcode op, long id, ByteBuf in) throws BodyException {
        int code = WireBuffers.readInt(in, "status code");
        if (code != StatusCode.SUCCESS.value()) {
            String message = WireBuffers.readString(in, "message");
            String owner = WireBuffers.readString(in, "owner");
            return new ErrorResponse(id, opcode, code, message, owner);
        }
        if (op == null) {
            throw new BodyException(StatusCode.UNKNOWN_OPCODE, "success answer for unknown opcode " + opcode);
        }
        return switch (op) {
            case HANDSHAKE -> decodeHandshake(id, in);
            case WRITE -> new WriteResponse(id, WireBuffers.readDlsn(in, "DLSN"));
            case WRITE_BULK -> decodeBulk(id, in);
            case GET_OWNER -> new GetOwnerResponse(id, WireBuffers.readString(in, "owner"));
            case READ_RECORDS -> ReadBodies.decodeRecords(id, in);
            case COMMIT_POSITION -> new CommitResponse(id, WireBuffers.readDlsn(in, "stored DLSN"));
            // empty for a position the client gave (DLSN, TXID, a subscription); the resolved start otherwise
            case OPEN_READER -> in.isReadable() ? new ReaderOpened(id, WireBuffers.readDlsn(in, "start DLSN"))
                    : new AckResponse(id, op);
            default -> new AckResponse(id, op);
        };
    }

    private static HandshakeResponse decodeHandshake(long id, ByteBuf in) throws BodyException {
        int version = WireBuffers.readUnsignedByte(in, "version");
        ServerRole role = role(WireBuffers.readUnsignedByte(in, "role"));
        int stateValue = WireBuffers.readUnsignedByte(in, "state");
        ServerState state = ServerState.fromValue(stateValue);
        if (state == null) {
            throw new BodyException(StatusCode.MALFORMED_REQUEST, "unknown server state " + stateValue);
        }
        String address = WireBuffers.readString(in, "address");
        int count = WireBuffers.readCount(in, 3, "proxy");
        List<ProxyEndpoint> proxies = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ServerRole r = role(WireBuffers.readUnsignedByte(in, "proxy role"));
            String a = WireBuffers.readString(in, "proxy address");
            if (a.isEmpty()) {
                throw new BodyException(StatusCode.MALFORMED_REQUEST, "proxy " + i + " has an empty address");
            }
            proxies.add(new ProxyEndpoint(r, a));
        }
        return new HandshakeResponse(id, version, role, state, address, proxies);
    }

    private static ServerRole role(int value) throws BodyException {
        ServerRole role = ServerRole.fromValue(value);
        if (role == null) {
            throw new BodyException(StatusCode.MALFORMED_REQUEST, "unknown server role " + value);
        }
        return role;
    }

    private static WriteBulkResponse decodeBulk(long id, ByteBuf in) throws BodyException {
        int count = WireBuffers.readCount(in, 3 * Long.BYTES, "DLSN");
        List<DLSN> dlsns = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            dlsns.add(WireBuffers.readDlsn(in, "DLSN " + i));
        }
        return new WriteBulkResponse(id, dlsns);
    }
}
