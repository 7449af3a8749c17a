package io.dlog.proxy.read;

import io.dlog.core.testing.ChildJvm;
import java.net.URI;

/**
 * A read proxy in its own JVM, for the kill -9 test: prints {@code @@ ready <address> <admin>} once serving.
 * Arguments: the namespace URI, and optionally its ZooKeeper session timeout in ms (how long the locks it held
 * linger after a kill).
 */
public final class ReadProxyProcessMain {
    private ReadProxyProcessMain() {
    }

    public static void main(String[] args) throws Exception {
        ReadProxy proxy = args.length > 1
                ? ReadTesting.startProxy(URI.create(args[0]), ReadProxyConfig.defaults(),
                        ReadTesting.dlConfig(Long.parseLong(args[1])))
                : ReadTesting.startProxy(URI.create(args[0]), ReadProxyConfig.defaults());
        System.out.println(ChildJvm.TAG + "ready " + proxy.address() + " " + proxy.adminAddress().orElse(""));
        System.out.flush();
        proxy.terminated().join();
    }
}
