package io.dlog.proxy.read;

import io.dlog.protocol.wire.Handshake;
import io.dlog.protocol.wire.HandshakeResponse;
import io.dlog.protocol.wire.MessageDecoder;
import io.dlog.protocol.wire.MessageEncoder;
import io.dlog.protocol.wire.Response;
import io.dlog.protocol.wire.WireMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;

/** A blocking protocol client for tests that need to send frames the Java messages refuse to build. */
final class RawWire implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    RawWire(String address) throws IOException {
        int colon = address.lastIndexOf(':');
        socket = new Socket(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)));
        socket.setSoTimeout(60_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    HandshakeResponse handshake() throws IOException {
        send(Handshake.of(1, "raw-test"));
        return (HandshakeResponse) read();
    }

    void send(WireMessage msg) throws IOException {
        ByteBuf buf = Unpooled.buffer();
        try {
            MessageEncoder.encode(msg, buf, false);
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            sendRaw(bytes);
        } finally {
            buf.release();
        }
    }

    void sendRaw(byte[] frame) throws IOException {
        out.write(frame);
        out.flush();
    }

    Response read() throws IOException {
        int length = in.readInt();
        byte[] frame = new byte[length];
        in.readFully(frame);
        ByteBuf buf = Unpooled.wrappedBuffer(frame);
        try {
            Object msg = MessageDecoder.forClient().decode(buf);
            if (msg instanceof Response r) {
                return r;
            }
            throw new IOException("bad frame from the proxy: " + msg);
        } finally {
            buf.release();
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
