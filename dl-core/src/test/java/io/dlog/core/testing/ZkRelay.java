package io.dlog.core.testing;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A TCP relay between a ZooKeeper client and a ZooKeeper server that injects deterministic connection faults.
 * Point a namespace at {@link #port()} (the URI's host:port) instead of the server's.
 *
 * <p>It understands just enough of ZooKeeper's framing (a 4-byte length before every packet; after the connect
 * handshake, a request starts with its xid and opcode, a reply with its xid) to pick one request by opcode:
 * <ul>
 *   <li>{@link #dropReplyAndCut} forwards the next matching request, waits for the server's reply, drops it and
 *       cuts the connection: the request committed but the client cannot know (Curator retries it).</li>
 *   <li>{@link #hold} keeps matching requests from the server until {@link #release()}; the connection stays
 *       open, so the client sees nothing until its session times out or the test acts.</li>
 * </ul>
 * Thread-safe; every connection gets two daemon threads.
 */
public final class ZkRelay implements AutoCloseable {
    /** ZooKeeper's opcode of a multi (transaction) request. */
    public static final int OP_MULTI = 14;
    /** ZooKeeper's opcode of a setData request. */
    public static final int OP_SET_DATA = 5;
    /** ZooKeeper's opcode of a create request. */
    public static final int OP_CREATE = 1;
    /** ZooKeeper's opcode of a create2 request (a create that returns the znode's stat). */
    public static final int OP_CREATE2 = 15;
    private static final int MAX_PACKET = 64 << 20;

    private final ServerSocket server;
    private final InetSocketAddress target;
    private final List<Link> links = new CopyOnWriteArrayList<>();
    private final AtomicReference<Arm> armed = new AtomicReference<>();
    private final List<Held> held = new ArrayList<>();
    private volatile boolean holding;
    private volatile Set<Integer> holdOps = Set.of();
    private volatile boolean closed;

    private record Arm(Set<Integer> ops, CompletableFuture<Integer> dropped) {
    }

    private record Held(Link link, byte[] packet) {
    }

    /**
     * Starts a relay to a ZooKeeper server.
     *
     * @param zkConnectString {@code host:port} of the server
     */
    public ZkRelay(String zkConnectString) throws IOException {
        int colon = zkConnectString.lastIndexOf(':');
        this.target = new InetSocketAddress(zkConnectString.substring(0, colon),
                Integer.parseInt(zkConnectString.substring(colon + 1)));
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::acceptLoop, "zk-relay-accept");
        t.setDaemon(true);
        t.start();
    }

    /** The port the relay listens on (loopback). */
    public int port() {
        return server.getLocalPort();
    }

    /** {@code 127.0.0.1:port} of the relay. */
    public String connectString() {
        return "127.0.0.1:" + port();
    }

    /**
     * Arms the fault once: the next request with one of the opcodes is forwarded, its reply is dropped and the
     * connection is cut.
     *
     * @param ops ZooKeeper opcodes, e.g. {@link #OP_MULTI}
     * @return completes with the request's xid once its reply was dropped and the connection cut
     */
    public CompletableFuture<Integer> dropReplyAndCut(Integer... ops) {
        Arm arm = new Arm(Set.of(ops), new CompletableFuture<>());
        if (!armed.compareAndSet(null, arm)) {
            throw new IllegalStateException("already armed");
        }
        return arm.dropped();
    }

    /**
     * Holds every request with one of the opcodes (on any connection) until {@link #release()}. While a request
     * is held, send nothing else over the relayed session that expects a reply: ZooKeeper answers a session's
     * requests in order, and a reply that overtakes the held one makes the client drop the connection (pings and
     * watch events are fine).
     *
     * @param ops ZooKeeper opcodes
     */
    public void hold(Integer... ops) {
        holdOps = Set.of(ops);
        holding = true;
    }

    /** Whether a request is being held. */
    public synchronized boolean isHoldingRequest() {
        return !held.isEmpty();
    }

    /** Stops holding and forwards the held requests that are still on an open connection, in order. */
    public void release() {
        List<Held> out;
        synchronized (this) {
            holding = false;
            out = new ArrayList<>(held);
            held.clear();
        }
        for (Held h : out) {
            h.link().toServer(h.packet());
        }
    }

    /** Cuts every open connection (the client reconnects through the relay). */
    public void cutAll() {
        links.forEach(Link::close);
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        cutAll();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                Socket zk = new Socket();
                zk.connect(target, 10_000);
                Link link = new Link(client, zk);
                links.add(link);
                link.start();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private static byte[] readPacket(DataInputStream in) throws IOException {
        int len = in.readInt();
        if (len < 0 || len > MAX_PACKET) {
            throw new IOException("bad packet length " + len);
        }
        byte[] p = new byte[len];
        in.readFully(p);
        return p;
    }

    /** One client connection and its connection to the server. */
    private final class Link {
        private final Socket client;
        private final Socket zk;
        private final DataOutputStream toServer;
        private final DataOutputStream toClient;
        private volatile int droppedXid = Integer.MIN_VALUE;
        private volatile Arm claimed;

        Link(Socket client, Socket zk) throws IOException {
            this.client = client;
            this.zk = zk;
            this.toServer = new DataOutputStream(zk.getOutputStream());
            this.toClient = new DataOutputStream(client.getOutputStream());
        }

        void start() {
            thread(this::clientToServer, "zk-relay-c2s").start();
            thread(this::serverToClient, "zk-relay-s2c").start();
        }

        private Thread thread(Runnable r, String name) {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        }

        private void clientToServer() {
            try (DataInputStream in = new DataInputStream(client.getInputStream())) {
                toServer(readPacket(in)); // the connect request: no header
                while (true) {
                    byte[] p = readPacket(in);
                    ByteBuffer b = ByteBuffer.wrap(p);
                    int xid = b.getInt();
                    int op = b.getInt();
                    if (holding && holdOps.contains(op)) {
                        synchronized (ZkRelay.this) {
                            if (holding) {
                                held.add(new Held(this, p));
                                continue;
                            }
                        }
                    }
                    Arm arm = armed.get();
                    if (arm != null && arm.ops().contains(op) && armed.compareAndSet(arm, null)) {
                        claimed = arm;
                        droppedXid = xid;
                    }
                    toServer(p);
                }
            } catch (IOException e) {
                close();
            }
        }

        private void serverToClient() {
            try (DataInputStream in = new DataInputStream(zk.getInputStream())) {
                toClient(readPacket(in)); // the connect response
                while (true) {
                    byte[] p = readPacket(in);
                    int xid = ByteBuffer.wrap(p).getInt();
                    Arm arm = claimed;
                    if (arm != null && xid == droppedXid) {
                        close();
                        arm.dropped().complete(ByteBuffer.wrap(p).getInt());
                        return;
                    }
                    toClient(p);
                }
            } catch (IOException e) {
                close();
            }
        }

        synchronized void toServer(byte[] p) {
            try {
                toServer.writeInt(p.length);
                toServer.write(p);
                toServer.flush();
            } catch (IOException e) {
                close();
            }
        }

        private synchronized void toClient(byte[] p) throws IOException {
            toClient.writeInt(p.length);
            toClient.write(p);
            toClient.flush();
        }

        void close() {
            links.remove(this);
            try {
                client.close();
            } catch (IOException ignored) {
                // already closed
            }
            try {
                zk.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }
}
