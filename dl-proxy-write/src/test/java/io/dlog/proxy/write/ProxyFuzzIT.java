package io.dlog.proxy.write;

import static org.assertj.core.api.Assertions.assertThat;

import io.dlog.client.DLClient;
import io.dlog.core.Namespace;
import io.dlog.core.local.LocalCluster;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.wire.Create;
import io.dlog.protocol.wire.GetOwner;
import io.dlog.protocol.wire.Handshake;
import io.dlog.protocol.wire.Heartbeat;
import io.dlog.protocol.wire.Opcode;
import io.dlog.protocol.wire.MessageEncoder;
import io.dlog.protocol.wire.Release;
import io.dlog.protocol.wire.Truncate;
import io.dlog.protocol.wire.WireMessage;
import io.dlog.protocol.wire.Write;
import io.dlog.protocol.wire.WriteBulk;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 10,000 random and mutated frames against a live proxy while a well-behaved client keeps writing: the client sees
 * no error, every record it wrote reads back in order, and the proxy stays healthy. The heap after GC before and
 * after the run is printed (a measurement, not asserted: the proxy shares this JVM with the cluster).
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ProxyFuzzIT {
    private static final int FRAMES = 10_000;
    private static final long SEED = 20261127L;
    private static LocalCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = LocalCluster.builder().bookies(3).fsync(false).start();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void malformedFramesShouldNeverDisturbAWellBehavedClient() throws Exception {
        URI uri = cluster.namespaceUri("fuzz");
        try (WriteProxy proxy = ProxyTesting.startProxy(uri, ProxyTesting.dlConfig(Duration.ofSeconds(20)),
                WriteProxyConfig.builder().set(WriteProxyConfigKeys.FRAME_MAX_BYTES, 64 * 1024).build());
                DLClient good = DLClient.builder().proxies(proxy.address()).clientId("good").build();
                Namespace ns = Namespace.builder().uri(uri).build()) {
            good.write("good", "warm-up".getBytes(StandardCharsets.UTF_8)).get(60, TimeUnit.SECONDS);
            long heapBefore = usedHeapAfterGc();
            AtomicBoolean fuzzing = new AtomicBoolean(true);
            List<String> written = new ArrayList<>(List.of("warm-up"));
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> keepWriting(good, fuzzing, written));
            int sent = fuzz(proxy.address(), new Random(SEED));
            fuzzing.set(false);
            writer.get(120, TimeUnit.SECONDS);
            long heapAfter = usedHeapAfterGc();
            System.out.println("FUZZ frames=" + sent + " goodWrites=" + written.size() + " heapAfterGcBeforeMiB="
                    + heapBefore / (1 << 20) + " heapAfterGcAfterMiB=" + heapAfter / (1 << 20));
            assertThat(sent).isGreaterThanOrEqualTo(FRAMES);
            assertThat(written.size()).isGreaterThan(1);
            assertThat(ProxyTesting.readAll(ns, "good")).containsExactlyElementsOf(written);
            assertThat(proxy.isServing()).isTrue();
            good.write("good", "after".getBytes(StandardCharsets.UTF_8)).get(60, TimeUnit.SECONDS);
        }
    }

    private static void keepWriting(DLClient c, AtomicBoolean fuzzing, List<String> written) {
        int i = 0;
        while (fuzzing.get()) {
            String text = "good-" + i++;
            DLSN d = c.write("good", text.getBytes(StandardCharsets.UTF_8)).join(); // any failure fails the test
            assertThat(d).isNotNull();
            written.add(text);
        }
    }

    /** Sends frames over fresh connections (the proxy closes one when frame sync is lost); returns how many. */
    private static int fuzz(String address, Random rnd) throws Exception {
        List<byte[]> seeds = seedFrames();
        int colon = address.lastIndexOf(':');
        int sent = 0;
        while (sent < FRAMES) {
            try (Socket s = new Socket(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)))) {
                s.setSoTimeout(30_000);
                Thread drain = drainer(s.getInputStream());
                OutputStream out = s.getOutputStream();
                if (rnd.nextBoolean()) {
                    out.write(seeds.get(0)); // a valid handshake, so later frames reach the operations
                }
                for (int k = 0; k < 200 && sent < FRAMES; k++) {
                    byte[] frame = frame(rnd, seeds);
                    if (frame.length > 5 && (frame[5] & 0xFF) == Opcode.DRAIN.value()) {
                        continue; // an operator command: a valid one would stop the proxy, as documented
                    }
                    try {
                        out.write(frame);
                        out.flush();
                    } catch (java.io.IOException closed) {
                        break; // the proxy closed this connection after a fatal frame: open another
                    }
                    sent++;
                }
                s.shutdownOutput();
                drain.join(30_000);
            }
        }
        return sent;
    }

    private static byte[] frame(Random rnd, List<byte[]> seeds) {
        int kind = rnd.nextInt(6);
        byte[] base = seeds.get(rnd.nextInt(seeds.size())).clone();
        switch (kind) {
            case 0 -> { // random bytes, with a plausible length field
                byte[] b = new byte[16 + rnd.nextInt(200)];
                rnd.nextBytes(b);
                writeInt(b, 0, b.length - 4);
                return b;
            }
            case 1 -> { // flipped bytes in a valid frame
                for (int i = 0; i < 1 + rnd.nextInt(4); i++) {
                    base[rnd.nextInt(base.length)] ^= (byte) (1 + rnd.nextInt(255));
                }
                return base;
            }
            case 2 -> { // body shorter than declared: truncated, then the next frame's bytes follow
                return java.util.Arrays.copyOf(base, Math.max(4, rnd.nextInt(base.length)));
            }
            case 3 -> { // declared length off by a little (body longer or shorter than its layout)
                writeInt(base, 0, Math.max(0, readInt(base, 0) + rnd.nextInt(9) - 4));
                return base;
            }
            case 4 -> { // unknown opcode, unsupported version or unknown flags
                int at = 4 + rnd.nextInt(4);
                base[at] = (byte) rnd.nextInt(256);
                return base;
            }
            default -> { // a frame over the size limit
                byte[] b = new byte[16];
                System.arraycopy(base, 0, b, 0, 16);
                writeInt(b, 0, 64 * 1024 + 1 + rnd.nextInt(1 << 20));
                return b;
            }
        }
    }

    private static List<byte[]> seedFrames() {
        List<WireMessage> msgs = List.of(Handshake.of(1, "fuzz"),
                Write.of(2, "fz-0", "payload".getBytes(StandardCharsets.UTF_8)),
                WriteBulk.of(3, "fz-1", List.of(new byte[] {1, 2}, new byte[] {3})),
                new GetOwner(4, "fz-2"), new Heartbeat(5, "fz-3"), Heartbeat.ofConnection(6),
                new Truncate(7, "fz-0", new DLSN(1, 0, 0)), new Create(8, "fz-4"), new Release(9, "fz-1"));
        List<byte[]> out = new ArrayList<>();
        for (WireMessage m : msgs) {
            ByteBuf buf = Unpooled.buffer();
            try {
                MessageEncoder.encode(m, buf, m instanceof Write);
                byte[] b = new byte[buf.readableBytes()];
                buf.readBytes(b);
                out.add(b);
            } finally {
                buf.release();
            }
        }
        return out;
    }

    private static Thread drainer(InputStream in) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try {
                while (in.read(buf) >= 0) {
                    // discard the proxy's answers
                }
            } catch (java.io.IOException ignored) {
                // connection closed by the proxy
            }
        }, "fuzz-drain");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void writeInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    private static int readInt(byte[] b, int at) {
        return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }

    private static long usedHeapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
