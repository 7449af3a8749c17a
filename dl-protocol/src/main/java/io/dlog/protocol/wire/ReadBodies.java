package io.dlog.protocol.wire;

import io.dlog.protocol.DLSN;
import io.dlog.protocol.LogRecord;
import io.dlog.protocol.LogRecordWithDLSN;
import io.dlog.protocol.StatusCode;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/** The bodies of the read proxy's opcodes (0x20–0x25; docs/protocol.md, "Reading"). */
final class ReadBodies {
    /** Bytes of one record in a {@link ReadRecords} body before its payload: dlsn, txid, payload length. */
    static final int RECORD_OVERHEAD = 3 * Long.BYTES + Long.BYTES + 4;

    private ReadBodies() {
    }

    static OpenReader decodeOpen(long id, String stream, ByteBuf in) throws BodyException {
        int positionValue = WireBuffers.readUnsignedByte(in, "position");
        DLSN dlsn = WireBuffers.readDlsn(in, "start DLSN");
        long txid = WireBuffers.readLong(in, "start txid");
        int records = WireBuffers.readInt(in, "record credit");
        long bytes = WireBuffers.readLong(in, "byte credit");
        String subscription = WireBuffers.readString(in, "subscription");
        ReadPosition position = ReadPosition.fromValue(positionValue);
        if (position == null) {
            throw new BodyException(StatusCode.INVALID_ARGUMENT, "unknown read position " + positionValue);
        }
        if (position == ReadPosition.TXID && txid < 0) {
            throw new BodyException(StatusCode.INVALID_ARGUMENT, "start txid must not be negative: " + txid);
        }
        if (records <= 0 || bytes <= 0) {
            throw new BodyException(StatusCode.INVALID_ARGUMENT, "a reader's initial credit must be positive: "
                    + records + " records, " + bytes + " bytes");
        }
        return new OpenReader(id, stream, position, dlsn, txid, records, bytes, subscription);
    }

    static ReadCredit decodeCredit(long id, ByteBuf in) throws BodyException {
        int records = WireBuffers.readInt(in, "record credit");
        long bytes = WireBuffers.readLong(in, "byte credit");
        if (records < 0 || bytes < 0 || records == 0 && bytes == 0) {
            throw new BodyException(StatusCode.INVALID_ARGUMENT, "a credit grant must be non-negative and not "
                    + "empty: " + records + " records, " + bytes + " bytes");
        }
        return new ReadCredit(id, records, bytes);
    }

    static long readerId(ByteBuf in) throws BodyException {
        long readerId = WireBuffers.readLong(in, "reader id");
        if (readerId <= 0) {
            throw new BodyException(StatusCode.INVALID_ARGUMENT, "reader id must be positive: " + readerId);
        }
        return readerId;
    }

    static void encodeRecords(ReadRecords r, ByteBuf out) {
        out.writeInt(r.records().size());
        for (LogRecordWithDLSN rec : r.records()) {
            WireBuffers.writeDlsn(out, rec.dlsn());
            out.writeLong(rec.txid());
            WireBuffers.writeBytes(out, rec.payload());
        }
    }

    static ReadRecords decodeRecords(long id, ByteBuf in) throws BodyException {
        int count = WireBuffers.readCount(in, RECORD_OVERHEAD, "record");
        if (count == 0) {
            throw new BodyException(StatusCode.MALFORMED_REQUEST, "a record batch holds at least one record");
        }
        List<LogRecordWithDLSN> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            DLSN dlsn = WireBuffers.readDlsn(in, "record " + i + " DLSN");
            long txid = WireBuffers.readLong(in, "record " + i + " txid");
            byte[] payload = WireBuffers.readBytes(in, "record " + i);
            records.add(new LogRecordWithDLSN(dlsn, txid, payload, LogRecord.FLAG_NONE));
        }
        return new ReadRecords(id, records);
    }
}
