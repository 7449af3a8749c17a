package io.dlog.protocol;

import java.util.Optional;

/**
 * This server does not own the stream; the owner's address, when known, says where to go.
 * Status {@link StatusCode#FOUND}.
 */
public class NotOwnerException extends DLException {
    private static final long serialVersionUID = 1L;
    private static final String OWNER_TAG = "owner=";

    private final String owner;

    /**
     * Makes the exception.
     *
     * @param owner the owner's {@code host:port}, or null when unknown
     * @param message what happened; {@link #messageFor(String, String)} builds one that carries the owner
     */
    public NotOwnerException(String owner, String message) {
        super(StatusCode.FOUND, message);
        this.owner = owner;
    }

    /** Returns the owner's {@code host:port}, when known. */
    public Optional<String> owner() {
        return Optional.ofNullable(owner);
    }

    /**
     * Builds a message that carries the owner so that {@link DLException#fromWire} can recover it.
     *
     * @param stream the stream name
     * @param owner the owner's address, or null
     * @return the message
     */
    public static String messageFor(String stream, String owner) {
        return "stream " + stream + " is owned elsewhere; " + OWNER_TAG + (owner == null ? "" : owner);
    }

    static String ownerFromMessage(String message) {
        if (message == null) {
            return null;
        }
        int at = message.lastIndexOf(OWNER_TAG);
        if (at < 0) {
            return null;
        }
        String rest = message.substring(at + OWNER_TAG.length()).trim();
        int end = rest.indexOf(' ');
        String value = end < 0 ? rest : rest.substring(0, end);
        return value.isEmpty() ? null : value;
    }
}
