package io.dlog.core.internal.metadata;

import io.dlog.protocol.DLException;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.InvalidArgumentException;
import io.dlog.protocol.LogSegmentMetadata;
import io.dlog.protocol.SegmentState;
import io.dlog.protocol.StatusCode;
import java.util.LinkedHashMap;
import java.util.Map;

/** Converts {@link LogSegmentMetadata}, {@link LogInfo} and the max txid to and from znode values. */
public final class SegmentCodec {
    private SegmentCodec() {
    }

    /** Encodes a segment's metadata. */
    public static byte[] encode(LogSegmentMetadata s) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("seq", s.sequenceNumber());
        f.put("ledger", s.ledgerId());
        f.put("state", s.state());
        f.put("firstTxId", s.firstTxId());
        f.put("lastTxId", s.lastTxId());
        f.put("firstDLSN", s.firstDLSN());
        f.put("lastDLSN", s.lastDLSN());
        f.put("records", s.recordCount());
        f.put("bytes", s.bytes());
        f.put("created", s.createdAtMillis());
        f.put("completed", s.completedAtMillis());
        f.put("minActiveDLSN", s.minActiveDLSN());
        return ZnodeFormat.encode(f);
    }

    /** Decodes a segment's metadata. */
    public static LogSegmentMetadata decodeSegment(byte[] data, String path) throws DLException {
        Map<String, String> f = ZnodeFormat.decode(data, path);
        try {
            return new LogSegmentMetadata(
                    ZnodeFormat.longField(f, "seq", path),
                    ZnodeFormat.longField(f, "ledger", path),
                    SegmentState.valueOf(f.getOrDefault("state", "")),
                    ZnodeFormat.longField(f, "firstTxId", path),
                    ZnodeFormat.longField(f, "lastTxId", path),
                    DLSN.parse(f.get("firstDLSN")),
                    DLSN.parse(f.get("lastDLSN")),
                    ZnodeFormat.longField(f, "records", path),
                    ZnodeFormat.longField(f, "bytes", path),
                    ZnodeFormat.longField(f, "created", path),
                    ZnodeFormat.longField(f, "completed", path),
                    DLSN.parse(f.get("minActiveDLSN")));
        } catch (InvalidArgumentException | IllegalArgumentException e) {
            throw new DLException(StatusCode.METADATA_EXCEPTION, "znode " + path + " is malformed: "
                    + e.getMessage(), e);
        }
    }

    /** Encodes the log znode. */
    public static byte[] encode(LogInfo info) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("created", info.createdAtMillis());
        f.put("state", info.sealed() ? "sealed" : "active");
        f.put("epoch", info.epoch());
        return ZnodeFormat.encode(f);
    }

    /** Decodes the log znode. */
    public static LogInfo decodeLog(byte[] data, String path) throws DLException {
        Map<String, String> f = ZnodeFormat.decode(data, path);
        return new LogInfo(ZnodeFormat.longField(f, "created", path), "sealed".equals(f.get("state")),
                ZnodeFormat.longField(f, "epoch", path));
    }

    /** Encodes the max txid znode. */
    public static byte[] encodeMaxTxId(long txid) {
        return ZnodeFormat.encode(Map.of("txid", txid));
    }

    /** Decodes the max txid znode. */
    public static long decodeMaxTxId(byte[] data, String path) throws DLException {
        return ZnodeFormat.longField(ZnodeFormat.decode(data, path), "txid", path);
    }

    /** Encodes the namespace znode. */
    public static byte[] encodeNamespace(String ledgersPath) {
        return ZnodeFormat.encode(Map.of("ledgersPath", ledgersPath));
    }

    /** Decodes the namespace znode's ledgers path. */
    public static String decodeNamespaceLedgersPath(byte[] data, String path) throws DLException {
        String v = ZnodeFormat.decode(data, path).get("ledgersPath");
        if (v == null) {
            throw new DLException(StatusCode.METADATA_EXCEPTION, "znode " + path + " lacks ledgersPath");
        }
        return v;
    }
}
