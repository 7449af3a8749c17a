/**
 * The proxy wire protocol: length-prefixed frames over TCP, a fixed header (length, version, opcode, flags,
 * request id) and a body per opcode; requests are pipelined and answered by id. {@code docs/protocol.md} specifies
 * every byte.
 *
 * <p>Messages are immutable records in two sealed families, {@link io.dlog.protocol.wire.Request} and
 * {@link io.dlog.protocol.wire.Response}. The codec is Netty handlers with one concern each:
 * {@link io.dlog.protocol.wire.FrameDecoder} (framing and the size limit), {@link io.dlog.protocol.wire.MessageDecoder}
 * (header and body), {@link io.dlog.protocol.wire.MessageEncoder}, and, on servers,
 * {@link io.dlog.protocol.wire.WireErrorResponder}. {@link io.dlog.protocol.wire.WirePipeline} installs them.
 * Bad input becomes a {@link io.dlog.protocol.wire.WireError} passed down the pipeline, never an exception; the
 * decoders release every frame they are given.
 */
package io.dlog.protocol.wire;
