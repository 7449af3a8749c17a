package io.dlog.protocol.wire;

/**
 * A message of the proxy protocol: a {@link Request} or a {@link Response}. Messages are immutable values and
 * safe to share between threads; the codec ({@link MessageEncoder}, {@link MessageDecoder}) turns them into
 * frames and back.
 */
public sealed interface WireMessage permits Request, Response {
    /** Returns the request id: chosen by the client, unique among its requests in flight on one connection. */
    long requestId();

    /** Returns the opcode byte of the frame (for a response, the opcode of the request it answers). */
    int opcodeValue();
}
