package io.dlog.chaos;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The write and read proxies of a run as child processes ({@link ProxyNodeMain}), each with its own directory and
 * a port picked once per run and kept across restarts, so a restarted proxy is the same address in the clients'
 * rings. Index {@code i} runs over the write proxies first, then the read proxies (as {@link Fault#target()} does).
 * Not thread-safe: the run and the nemesis drive it from one thread.
 */
final class ProxyFleet {

    private static final int CONNECT_TIMEOUT_MS = 1_000;

    private final List<ChildProcess> proxies = new ArrayList<>();
    private final List<Integer> ports;
    private final int writeProxies;
    private final List<String> hosts = new ArrayList<>();

    ProxyFleet(Path root, int writeProxies, int readProxies, URI namespace, long sessionMillis, String classpath,
               ChaosNetwork net) throws IOException {
        this.writeProxies = writeProxies;
        this.ports = Ports.free(writeProxies + readProxies);
        for (int i = 0; i < writeProxies + readProxies; i++) {
            boolean write = i < writeProxies;
            String name = write ? "write-proxy-" + i : "read-proxy-" + (i - writeProxies);
            hosts.add(net.host(name));
            List<String> args = List.of("--uri", namespace.toString(), "--port", Integer.toString(ports.get(i)),
                    "--session-ms", Long.toString(sessionMillis), "--host", hosts.get(i));
            proxies.add(new ChildProcess(name, write ? NodeKind.WRITE_PROXY : NodeKind.READ_PROXY, root.resolve(name),
                    args, classpath, net.launcher(name)));
        }
    }

    /** Every proxy, write proxies first. */
    List<ChildProcess> proxies() {
        return proxies;
    }

    /** The bootstrap list of a remote client: every proxy, write and read, {@code host:port,host:port}. */
    String bootstrap() {
        List<String> all = new ArrayList<>();
        for (int i = 0; i < ports.size(); i++) {
            all.add(hosts.get(i) + ":" + ports.get(i));
        }
        return String.join(",", all);
    }

    /** The network key (and node name) of proxy i: {@code write-proxy-N} or {@code read-proxy-N}. */
    String key(int i) {
        return proxies.get(i).name();
    }

    /** Proxy i's port. */
    int port(int i) {
        return ports.get(i);
    }

    /** Whether index {@code i} is a write proxy. */
    boolean isWriteProxy(int i) {
        return i < writeProxies;
    }

    /** Starts every proxy and waits until each accepts connections. */
    void startAll(Duration timeout) throws IOException {
        for (ChildProcess p : proxies) {
            p.start();
        }
        for (int i = 0; i < proxies.size(); i++) {
            awaitListening(i, timeout);
        }
    }

    /** Drains every proxy (SIGTERM: in-flight writes finish, locks are released), then kills what is left. */
    void stopAll() {
        for (ChildProcess p : proxies) {
            p.terminate(30);
        }
    }

    /**
     * Waits until proxy {@code i} accepts a TCP connection on its port (a proxy binds its port only once it has
     * opened its namespace, so this also means it reached ZooKeeper).
     *
     * @throws IOException naming the proxy when it does not come up in time or its process died
     */
    void awaitListening(int i, Duration timeout) throws IOException {
        ChildProcess p = proxies.get(i);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getByName(hosts.get(i)), ports.get(i)), CONNECT_TIMEOUT_MS);
                return;
            } catch (IOException e) {
                if (!p.isAlive()) {
                    throw new IOException(p + " exited; see " + p.dir().resolve("node.log"), e);
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException(p + " does not accept connections after " + timeout.toSeconds() + " s", e);
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));   // polling another process's port
            }
        }
    }
}
