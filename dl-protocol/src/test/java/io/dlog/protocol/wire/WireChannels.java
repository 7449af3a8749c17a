package io.dlog.protocol.wire;

import io.dlog.protocol.entry.TrackingAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;

/** EmbeddedChannel fixtures around the wire codec, with an allocator that proves every buffer was released. */
final class WireChannels {
    static final int MAX_FRAME = 64 * 1024;

    private WireChannels() {
    }

    /** A server pipeline (frames in, requests out; bad frames answered) on {@code alloc}. */
    static EmbeddedChannel server(TrackingAllocator alloc) {
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.config().setAllocator(alloc);
        WirePipeline.addServerCodec(ch.pipeline(), MAX_FRAME, false);
        return ch;
    }

    /** A client pipeline (frames in, responses out) on {@code alloc}. */
    static EmbeddedChannel client(TrackingAllocator alloc, boolean checksums) {
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.config().setAllocator(alloc);
        WirePipeline.addClientCodec(ch.pipeline(), MAX_FRAME, checksums);
        return ch;
    }

    /** Encodes {@code msg} to a heap byte array. */
    static byte[] frame(WireMessage msg, boolean checksum) {
        ByteBuf buf = Unpooled.buffer();
        try {
            MessageEncoder.encode(msg, buf, checksum);
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            return bytes;
        } finally {
            buf.release();
        }
    }

    /** Feeds bytes into a channel's inbound side, in a buffer of {@code alloc}. */
    static void feed(EmbeddedChannel ch, TrackingAllocator alloc, byte[] bytes) {
        ByteBuf buf = alloc.heapBuffer(bytes.length);
        buf.writeBytes(bytes);
        ch.writeInbound(buf);
    }

    /** Drains the outbound frames a server wrote and decodes them as responses (each buffer released). */
    static List<Response> responses(EmbeddedChannel server) {
        List<Response> out = new ArrayList<>();
        MessageDecoder decoder = MessageDecoder.forClient();
        for (ByteBuf buf = server.readOutbound(); buf != null; buf = server.readOutbound()) {
            try {
                buf.skipBytes(WireFormat.LENGTH_FIELD_BYTES);
                Object decoded = decoder.decode(buf);
                if (!(decoded instanceof Response r)) {
                    throw new AssertionError("server wrote an undecodable frame: " + decoded);
                }
                out.add(r);
            } finally {
                buf.release();
            }
        }
        return out;
    }

    /** Drains everything a channel passed inbound past the codec. */
    static List<Object> inbound(EmbeddedChannel ch) {
        List<Object> out = new ArrayList<>();
        for (Object o = ch.readInbound(); o != null; o = ch.readInbound()) {
            out.add(o);
        }
        return out;
    }
}
