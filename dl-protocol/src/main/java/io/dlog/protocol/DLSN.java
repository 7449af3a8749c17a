package io.dlog.protocol;

import java.nio.ByteBuffer;

/**
 * The system position of a record: the log segment's sequence number, the BookKeeper entry id within that
 * segment, and the slot of the record within the entry's record set.
 *
 * <p>DLSNs are totally ordered (segment, then entry, then slot); every record of a log has a distinct one and
 * they increase in write order. The text form is {@code seg:entry:slot} (for example {@code 1:0:5}); the
 * binary form is 25 bytes: a version byte ({@value #BINARY_VERSION}) followed by the three parts as big-endian
 * 64-bit integers. Immutable and thread-safe.
 *
 * @param segmentSequenceNumber the segment's sequence number, 1 for a log's first segment
 * @param entryId the BookKeeper entry id within the segment, from 0
 * @param slotId the record's index within the entry, from 0
 */
public record DLSN(long segmentSequenceNumber, long entryId, long slotId) implements Comparable<DLSN> {

    /** The position of a log's first possible record: {@code 1:0:0}. */
    public static final DLSN INITIAL = new DLSN(1, 0, 0);
    /** A position before every record; useful as a lower bound, never a record's position. */
    public static final DLSN INVALID = new DLSN(0, 0, 0);
    /** The version byte that starts the binary form. */
    public static final byte BINARY_VERSION = 1;
    /** Length of the binary form in bytes. */
    public static final int BINARY_LENGTH = 1 + 3 * Long.BYTES;

    /**
     * Validates the parts.
     *
     * @throws IllegalArgumentException if any part is negative
     */
    public DLSN {
        if (segmentSequenceNumber < 0 || entryId < 0 || slotId < 0) {
            throw new IllegalArgumentException("DLSN parts must not be negative: "
                    + segmentSequenceNumber + ":" + entryId + ":" + slotId);
        }
    }

    /**
     * Parses the text form {@code seg:entry:slot}.
     *
     * @param text three non-negative decimal integers separated by colons
     * @return the position
     * @throws InvalidArgumentException (status {@link StatusCode#INVALID_ARGUMENT}) if the text is malformed
     */
    public static DLSN parse(String text) throws InvalidArgumentException {
        if (text == null) {
            throw new InvalidArgumentException("DLSN must not be null");
        }
        String[] parts = text.trim().split(":", -1);
        if (parts.length != 3) {
            throw new InvalidArgumentException("malformed DLSN '" + text + "': expected seg:entry:slot");
        }
        for (String part : parts) {
            // Digits only: Long.parseLong would also accept a sign ("+1", "-0"), which toString never prints.
            if (part.isEmpty() || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new InvalidArgumentException("malformed DLSN '" + text
                        + "': parts must be non-negative decimal integers");
            }
        }
        try {
            return new DLSN(Long.parseLong(parts[0]), Long.parseLong(parts[1]), Long.parseLong(parts[2]));
        } catch (NumberFormatException e) {
            throw new InvalidArgumentException("malformed DLSN '" + text + "': a part is larger than "
                    + Long.MAX_VALUE, e);
        }
    }

    /**
     * Returns the 25-byte binary form.
     *
     * @return a new array the caller owns
     */
    public byte[] toBytes() {
        ByteBuffer buf = ByteBuffer.allocate(BINARY_LENGTH);
        buf.put(BINARY_VERSION).putLong(segmentSequenceNumber).putLong(entryId).putLong(slotId);
        return buf.array();
    }

    /**
     * Decodes the binary form written by {@link #toBytes()}.
     *
     * @param bytes exactly {@value #BINARY_LENGTH} bytes
     * @return the position
     * @throws InvalidArgumentException if the length, the version or a part is wrong
     */
    public static DLSN fromBytes(byte[] bytes) throws InvalidArgumentException {
        if (bytes == null || bytes.length != BINARY_LENGTH) {
            throw new InvalidArgumentException("binary DLSN must be " + BINARY_LENGTH + " bytes, got "
                    + (bytes == null ? "null" : bytes.length));
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        byte version = buf.get();
        if (version != BINARY_VERSION) {
            throw new InvalidArgumentException("unsupported binary DLSN version " + version);
        }
        long seg = buf.getLong();
        long entry = buf.getLong();
        long slot = buf.getLong();
        if (seg < 0 || entry < 0 || slot < 0) {
            throw new InvalidArgumentException("binary DLSN has a negative part");
        }
        return new DLSN(seg, entry, slot);
    }

    /** Returns the first position of the next entry in the same segment. */
    public DLSN nextEntry() {
        return new DLSN(segmentSequenceNumber, entryId + 1, 0);
    }

    /** Returns the next slot in the same entry. */
    public DLSN nextSlot() {
        return new DLSN(segmentSequenceNumber, entryId, slotId + 1);
    }

    @Override
    public int compareTo(DLSN other) {
        // Plain comparisons, not a Comparator chain: a reader compares every record it reads to its start.
        int c = Long.compare(segmentSequenceNumber, other.segmentSequenceNumber);
        if (c == 0) {
            c = Long.compare(entryId, other.entryId);
        }
        return c != 0 ? c : Long.compare(slotId, other.slotId);
    }

    /** Returns the text form {@code seg:entry:slot}. */
    @Override
    public String toString() {
        return segmentSequenceNumber + ":" + entryId + ":" + slotId;
    }
}
