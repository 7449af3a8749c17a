package io.dlog.proxy.write;

import io.dlog.core.DLConfig;
import io.dlog.core.testing.ChildJvm;
import java.net.URI;
import java.time.Duration;

/**
 * A write proxy in its own JVM, for failover tests: prints {@code @@ ready <address>} once serving, drains on
 * SIGTERM (a shutdown hook), and can be killed with {@code kill -9}.
 *
 * <p>Arguments: the namespace URI and the ZooKeeper session timeout in milliseconds.
 */
public final class ProxyProcessMain {
    private ProxyProcessMain() {
    }

    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        DLConfig dl = ProxyTesting.dlConfig(Duration.ofMillis(Long.parseLong(args[1])));
        WriteProxy proxy = ProxyTesting.startProxy(uri, dl, WriteProxyConfig.defaults());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println(ChildJvm.TAG + "stopping " + proxy.address());
            System.out.flush();
            try {
                proxy.close();
                System.out.println(ChildJvm.TAG + "stopped " + proxy.address());
            } catch (Throwable t) {
                System.out.println(ChildJvm.TAG + "stop-failed " + t);
            }
            System.out.flush();
        }, "proxy-shutdown"));
        System.out.println(ChildJvm.TAG + "hook " + proxy.address());
        System.out.println(ChildJvm.TAG + "ready " + proxy.address());
        System.out.flush();
        proxy.terminated().join();
        System.exit(0);
    }
}
