package io.dlog.proxy.write;

import io.dlog.core.DLConfig;
import io.dlog.core.testing.ChildJvm;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A write proxy in its own JVM (started with a small heap by the test) that reports its heap on request: each
 * {@code heap} line on standard input answers {@code @@ heap <bytes used after a full GC> owned <streams>}; end of
 * input stops the proxy.
 *
 * <p>Arguments: the namespace URI and the ZooKeeper session timeout in milliseconds.
 */
public final class ProxyHeapMain {
    private ProxyHeapMain() {
    }

    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        DLConfig dl = ProxyTesting.dlConfig(Duration.ofMillis(Long.parseLong(args[1])));
        WriteProxy proxy = ProxyTesting.startProxy(uri, dl, WriteProxyConfig.defaults());
        System.out.println(ChildJvm.TAG + "ready " + proxy.address());
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.equals("heap")) {
                System.out.println(ChildJvm.TAG + "heap " + heapAfterGc() + " owned " + proxy.ownedStreams().size());
                System.out.flush();
            }
        }
        proxy.close();
        System.exit(0);
    }

    /** Heap in use after full collections: the sum of the heap pools' usage after the last collection. */
    private static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
                used += pool.getCollectionUsage().getUsed();
            }
        }
        return used;
    }
}
