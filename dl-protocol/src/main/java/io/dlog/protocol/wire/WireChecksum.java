package io.dlog.protocol.wire;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/** CRC32C of a range of a buffer, without copying it (a frame's optional body checksum). */
public final class WireChecksum {
    private WireChecksum() {
    }

    /**
     * Computes the CRC32C (Castagnoli) of {@code length} bytes of {@code buf} from {@code index}; the buffer's
     * indexes are not changed.
     *
     * @return the checksum as an unsigned 32-bit value in an int
     */
    public static int crc32c(ByteBuf buf, int index, int length) {
        CRC32C crc = new CRC32C();
        if (length > 0) {
            for (ByteBuffer b : buf.nioBuffers(index, length)) {
                crc.update(b);
            }
        }
        return (int) crc.getValue();
    }
}
