package io.dlog.protocol.wire;

import io.dlog.protocol.DLSN;
import io.dlog.protocol.LogRecord;
import io.dlog.protocol.LogRecordWithDLSN;
import io.dlog.protocol.StatusCode;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** One canonical message of every kind: the round-trip cases and the hex examples of docs/protocol.md. */
final class WireExamples {
    private WireExamples() {
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static List<Request> requests() {
        return List.of(
                Handshake.of(1, "orders-service"),
                Write.of(2, "orders", bytes("hello")),
                new Write(3, "orders", 7, 42, bytes("hi")),
                WriteBulk.of(4, "orders", List.of(bytes("a"), bytes("bc"))),
                new Truncate(5, "orders", new DLSN(3, 17, 0)),
                new Create(6, "orders"),
                new Delete(7, "orders"),
                new Release(8, "orders"),
                new Heartbeat(9, "orders"),
                new GetOwner(10, "orders"),
                new Drain(11),
                Heartbeat.ofConnection(12),
                OpenReader.atDlsn(20, "orders", new DLSN(1, 0, 0), 500, 1 << 20),
                OpenReader.atTxId(21, "orders", 42, 100, 65536),
                new OpenReader(22, "orders", ReadPosition.LAST, DLSN.INVALID, -1, 1, 1, ""),
                new ReadCredit(20, 250, 524288),
                new CloseReader(23, 20),
                OpenReader.subscribe(24, "orders", "billing", null, 500, 1 << 20),
                new CommitPosition(25, 24, new DLSN(3, 17, 0)),
                OpenReader.at(26, "orders", ReadPosition.TAIL, 500, 1 << 20));
    }

    static List<Response> responses() {
        return List.of(
                new HandshakeResponse(1, 1, ServerRole.WRITE_PROXY, ServerState.SERVING, "10.0.0.1:7002",
                        List.of(new ProxyEndpoint(ServerRole.WRITE_PROXY, "10.0.0.1:7002"),
                                new ProxyEndpoint(ServerRole.READ_PROXY, "10.0.0.1:7003"))),
                new WriteResponse(2, new DLSN(1, 0, 0)),
                new WriteBulkResponse(4, List.of(new DLSN(1, 1, 0), new DLSN(1, 1, 1))),
                new AckResponse(6, Opcode.CREATE),
                new GetOwnerResponse(10, "10.0.0.2:7002"),
                ErrorResponse.found(2, Opcode.WRITE.value(), "orders", "10.0.0.2:7002"),
                ErrorResponse.of(7, Opcode.DELETE.value(), StatusCode.LOG_NOT_FOUND, "log orders does not exist"),
                new ErrorResponse(13, 0x77, 999, "from the future", ""),
                new AckResponse(20, Opcode.OPEN_READER),
                new ReadRecords(20, List.of(
                        new LogRecordWithDLSN(new DLSN(1, 0, 0), 1, bytes("a"), LogRecord.FLAG_NONE),
                        new LogRecordWithDLSN(new DLSN(1, 0, 1), 2, bytes("bc"), LogRecord.FLAG_NONE))),
                ErrorResponse.of(20, Opcode.READER_END.value(), StatusCode.END_OF_STREAM, "end of stream"),
                new AckResponse(23, Opcode.CLOSE_READER),
                new CommitResponse(25, new DLSN(3, 17, 0)),
                new ReaderOpened(26, new DLSN(3, 18, 0)));
    }
}
