package io.dlog.protocol.wire;

/**
 * The operations of the proxy protocol, after Apache DistributedLog's. A response carries the opcode of the
 * request it answers. Values {@code 0x20}–{@code 0x3F} belong to the read proxy (open, credit, records, close, end,
 * subscription commit; the rest of the range is reserved for later read operations); a server that does not know an opcode answers {@link io.dlog.protocol.StatusCode#UNKNOWN_OPCODE}.
 */
public enum Opcode {
    /** Opens a connection: version negotiation, client id, credentials; answers role, state and live proxies. */
    HANDSHAKE(0x01),
    /** Appends one record. */
    WRITE(0x02),
    /** Appends the records of one record set: all are written or none. */
    WRITE_BULK(0x03),
    /** Truncates a stream before a DLSN. */
    TRUNCATE(0x04),
    /** Creates a stream. */
    CREATE(0x05),
    /** Deletes a stream. */
    DELETE(0x06),
    /** Gives up ownership of a stream (closes its writer and releases its lock). */
    RELEASE(0x07),
    /** Keeps a stream's ownership (or, with no stream, the connection) alive. */
    HEARTBEAT(0x08),
    /** Asks which proxy owns a stream. */
    GET_OWNER(0x09),
    /** Tells the server to stop taking new streams (operator command). */
    DRAIN(0x0A),
    /** Opens a reader on a stream at a position, with an initial credit; its request id names the reader. */
    OPEN_READER(0x20),
    /** Grants a reader more credit (records and bytes); carries the reader id as its request id; not answered. */
    READ_CREDIT(0x21),
    /** Server push: a batch of records for a reader (a response frame whose request id is the reader id). */
    READ_RECORDS(0x22),
    /** Closes a reader. */
    CLOSE_READER(0x23),
    /** Server push: a reader has ended, with a status code (end of stream, truncated, deleted, no credit, ...). */
    READER_END(0x24),
    /** Commits a durable subscription's position through the reader holding it; answers the stored position. */
    COMMIT_POSITION(0x25);

    /** First opcode of the read proxy's range. */
    public static final int READ_RESERVED_FIRST = 0x20;
    /** Last opcode of the read proxy's range (0x26 and up are unassigned). */
    public static final int READ_RESERVED_LAST = 0x3F;

    private static final Opcode[] BY_VALUE = new Opcode[256];

    static {
        for (Opcode op : values()) {
            BY_VALUE[op.value] = op;
        }
    }

    private final int value;

    Opcode(int value) {
        this.value = value;
    }

    /** Returns the byte value on the wire. */
    public int value() {
        return value;
    }

    /**
     * Decodes an opcode byte.
     *
     * @param value the unsigned byte value
     * @return the opcode, or null when this version does not know it
     */
    public static Opcode fromValue(int value) {
        return value >= 0 && value < BY_VALUE.length ? BY_VALUE[value] : null;
    }
}
