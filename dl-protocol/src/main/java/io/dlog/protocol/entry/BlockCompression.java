package io.dlog.protocol.entry;

import com.github.luben.zstd.Zstd;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;
import java.nio.ByteBuffer;

/**
 * Whole-body compression for the codecs other than {@link CompressionCodec#NONE}. Stateless; thread-safe
 * (lz4-java's compressors and decompressors are thread-safe, and each zstd call uses its own context).
 *
 * <p>All offsets are taken from the buffers' positions and sizes from their remaining bytes; no buffer's
 * position or limit is changed. Zstd needs direct buffers.
 */
final class BlockCompression {
    private BlockCompression() {
    }

    /** Returns the largest compressed size {@code length} input bytes can produce. */
    static int maxCompressedLength(CompressionCodec codec, int length) {
        return switch (codec) {
            case NONE -> length;
            case LZ4 -> Lz4Holder.COMPRESSOR.maxCompressedLength(length);
            case ZSTD -> Math.toIntExact(Zstd.compressBound(length));
        };
    }

    /**
     * Compresses all remaining bytes of {@code src} into {@code dst}.
     *
     * @return the compressed length
     * @throws RuntimeException from the compression library if {@code dst} is too small or it fails
     */
    static int compress(CompressionCodec codec, ByteBuffer src, ByteBuffer dst) {
        return switch (codec) {
            case NONE -> throw new IllegalArgumentException("NONE does not compress");
            case LZ4 -> Lz4Holder.COMPRESSOR.compress(src, src.position(), src.remaining(), dst, dst.position(),
                    dst.remaining());
            case ZSTD -> {
                long n = Zstd.compressDirectByteBuffer(dst, dst.position(), dst.remaining(), src, src.position(),
                        src.remaining(), Zstd.defaultCompressionLevel());
                if (Zstd.isError(n)) {
                    throw new IllegalStateException("zstd compression failed: " + Zstd.getErrorName(n));
                }
                yield Math.toIntExact(n);
            }
        };
    }

    /**
     * Decompresses all remaining bytes of {@code src} into at most {@code dst.remaining()} bytes of {@code dst}.
     *
     * @return the decompressed length, or -1 if the library reported an error code
     * @throws RuntimeException from the compression library on malformed input
     */
    static long decompress(CompressionCodec codec, ByteBuffer src, ByteBuffer dst) {
        return switch (codec) {
            case NONE -> throw new IllegalArgumentException("NONE does not decompress");
            case LZ4 -> Lz4Holder.DECOMPRESSOR.decompress(src, src.position(), src.remaining(), dst, dst.position(),
                    dst.remaining());
            case ZSTD -> {
                long n = Zstd.decompressDirectByteBuffer(dst, dst.position(), dst.remaining(), src, src.position(),
                        src.remaining());
                yield Zstd.isError(n) ? -1 : n;
            }
        };
    }

    /** Lazily loads lz4-java, so that entries without LZ4 never touch it. */
    private static final class Lz4Holder {
        private static final LZ4Factory FACTORY = LZ4Factory.fastestInstance();
        static final LZ4Compressor COMPRESSOR = FACTORY.fastCompressor();
        // The safe decompressor bounds every write by the destination size, so a corrupt block cannot overrun.
        static final LZ4SafeDecompressor DECOMPRESSOR = FACTORY.safeDecompressor();
    }
}
