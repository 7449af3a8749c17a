package io.dlog.protocol.entry;

import io.dlog.protocol.DLException;
import io.dlog.protocol.InvalidArgumentException;
import io.dlog.protocol.StatusCode;
import java.util.Locale;

/**
 * How the body of an entry is compressed. The id is stored in byte 1 of every entry and never changes.
 * Immutable and thread-safe.
 */
public enum CompressionCodec {
    /** Stored as is. */
    NONE(0),
    /** LZ4 block format (lz4-java). */
    LZ4(1),
    /** Zstandard frame format (zstd-jni), default level. */
    ZSTD(2);

    private static final CompressionCodec[] BY_ID = values();

    private final byte id;

    CompressionCodec(int id) {
        this.id = (byte) id;
    }

    /** Returns the id stored in an entry's header. */
    public byte id() {
        return id;
    }

    /**
     * Looks a codec up by the id stored in an entry.
     *
     * @param id the stored id (0 to 255)
     * @return the codec
     * @throws DLException with {@link StatusCode#INVALID_ENVELOPED_ENTRY} if no codec has that id
     */
    public static CompressionCodec fromId(int id) throws DLException {
        for (CompressionCodec codec : BY_ID) {
            if (codec.id == id) {
                return codec;
            }
        }
        throw new DLException(StatusCode.INVALID_ENVELOPED_ENTRY, "unknown compression codec id " + id
                + "; known: 0 (none), 1 (lz4), 2 (zstd)");
    }

    /**
     * Parses a codec name as written in configuration.
     *
     * @param name {@code none}, {@code lz4} or {@code zstd}, in any case
     * @return the codec
     * @throws InvalidArgumentException (status {@link StatusCode#INVALID_ARGUMENT}) for null or any other name
     */
    public static CompressionCodec parse(String name) throws InvalidArgumentException {
        if (name != null) {
            String lower = name.trim().toLowerCase(Locale.ROOT);
            for (CompressionCodec codec : BY_ID) {
                if (codec.name().toLowerCase(Locale.ROOT).equals(lower)) {
                    return codec;
                }
            }
        }
        throw new InvalidArgumentException("unknown compression codec '" + name + "'; expected none, lz4 or zstd");
    }
}
