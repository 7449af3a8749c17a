package io.dlog.bench;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The batch format of the batched raw-BookKeeper baseline: {@code count:int, (length:int, bytes)*}. The
 * simplest thing that packs N records into one entry, so the baseline costs no more than dlog's record set
 * (which also carries flags and a txid per record). Stateless.
 */
final class RecordBatch {

    static final int HEADER_BYTES = 4;
    static final int PER_RECORD_BYTES = 4;

    private RecordBatch() {
    }

    /** Encodes payloads into one entry. */
    static byte[] encode(List<byte[]> payloads) {
        int size = HEADER_BYTES;
        for (byte[] p : payloads) {
            size += PER_RECORD_BYTES + p.length;
        }
        ByteBuffer buf = ByteBuffer.allocate(size);
        buf.putInt(payloads.size());
        for (byte[] p : payloads) {
            buf.putInt(p.length).put(p);
        }
        return buf.array();
    }

    /** Decodes an entry made by {@link #encode}. */
    static List<byte[]> decode(ByteBuffer entry) {
        int count = entry.getInt();
        if (count < 0 || count > entry.remaining() / PER_RECORD_BYTES) {
            throw new IllegalArgumentException("bad batch record count " + count);
        }
        List<byte[]> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] p = new byte[entry.getInt()];
            entry.get(p);
            out.add(p);
        }
        return out;
    }
}
