package io.dlog.protocol.wire;

/**
 * The constants of the proxy wire protocol; {@code docs/protocol.md} draws the layout byte by byte.
 *
 * <pre>
 *  0      4        5        6         8                16
 *  +------+--------+--------+---------+----------------+----------------------+
 *  |length|version | opcode |  flags  |   request id   | body (length - 12)   |
 *  | i32  |  u8    |  u8    |  u16    |      i64       |                      |
 *  +------+--------+--------+---------+----------------+----------------------+
 * </pre>
 *
 * <p>All integers are big-endian. {@code length} counts the bytes after itself (the rest of the header and the
 * body), so a frame is {@code 4 + length} bytes long.
 */
public final class WireFormat {
    /** The protocol version this build speaks (the only one so far). */
    public static final int VERSION = 1;
    /** The oldest protocol version this build accepts. */
    public static final int MIN_VERSION = 1;
    /** Bytes of the length field. */
    public static final int LENGTH_FIELD_BYTES = 4;
    /** Bytes of the header after the length field: version, opcode, flags, request id. */
    public static final int HEADER_AFTER_LENGTH_BYTES = 12;
    /** Bytes of the whole fixed header, length field included. */
    public static final int HEADER_BYTES = LENGTH_FIELD_BYTES + HEADER_AFTER_LENGTH_BYTES;
    /** Default largest value of the length field a peer accepts (8 MiB). */
    public static final int DEFAULT_MAX_FRAME_BYTES = 8 * 1024 * 1024;

    /** Flag: the frame is a response (clear in requests). */
    public static final int FLAG_RESPONSE = 0x0001;
    /** Flag: the body starts with a CRC32C (4 bytes) of the rest of the body. */
    public static final int FLAG_CHECKSUM = 0x0002;
    /** Every flag this version knows; a frame with another bit set is malformed. */
    public static final int KNOWN_FLAGS = FLAG_RESPONSE | FLAG_CHECKSUM;

    /** Request id reserved for answers about the connection as a whole (a frame whose id could not be read). */
    public static final long CONNECTION_REQUEST_ID = 0L;
    /** Longest client id, in UTF-8 bytes. */
    public static final int MAX_CLIENT_ID_BYTES = 255;
    /** Longest message, address or other short string, in UTF-8 bytes (the u16 length prefix). */
    public static final int MAX_STRING_BYTES = 0xFFFF;
    /** Producer id and sequence number of a write that does not use the idempotent producer. */
    public static final long NO_PRODUCER = -1L;

    private WireFormat() {
    }
}
