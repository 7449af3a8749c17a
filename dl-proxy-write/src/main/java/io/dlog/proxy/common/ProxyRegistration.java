package io.dlog.proxy.common;

import io.dlog.protocol.DLException;
import io.dlog.protocol.StatusCode;
import io.dlog.proxy.write.ProxyInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.nodes.PersistentNode;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.zookeeper.CreateMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This proxy's ephemeral registration under {@code <namespace>/.proxies/<id>}, kept present across ZooKeeper
 * session losses, and a live view of every registered proxy (for the handshake's proxy list).
 *
 * <p>Thread-safe. {@link #start} and {@link #close} block on ZooKeeper: call them from the starting or stopping
 * thread, never an event loop.
 */
public final class ProxyRegistration implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProxyRegistration.class);
    /** The directory below the namespace. */
    public static final String DIR = ".proxies";

    private final CuratorFramework zk;
    private final String dir;
    private final ProxyInfo me;
    private PersistentNode node;
    private CuratorCache cache;

    private ProxyRegistration(CuratorFramework zk, String dir, ProxyInfo me) {
        this.zk = zk;
        this.dir = dir;
        this.me = me;
    }

    /**
     * Connects to ZooKeeper, registers this proxy and starts watching the others.
     *
     * @param zkConnect the ZooKeeper connect string of the namespace
     * @param nsPath the namespace path
     * @param me this proxy
     * @param sessionTimeout the ZooKeeper session timeout
     * @param connectTimeout how long to wait for ZooKeeper
     * @return the registration, to be closed by the caller
     * @throws DLException ZOOKEEPER_ERROR when ZooKeeper cannot be reached or the node cannot be created
     */
    public static ProxyRegistration start(String zkConnect, String nsPath, ProxyInfo me, Duration sessionTimeout,
            Duration connectTimeout) throws DLException {
        CuratorFramework zk = CuratorFrameworkFactory.builder().connectString(zkConnect)
                .sessionTimeoutMs((int) sessionTimeout.toMillis())
                .connectionTimeoutMs((int) Math.min(connectTimeout.toMillis(), Integer.MAX_VALUE))
                .retryPolicy(new ExponentialBackoffRetry(100, 5)).build();
        zk.start();
        ProxyRegistration reg = new ProxyRegistration(zk, nsPath + "/" + DIR, me);
        try {
            if (!zk.blockUntilConnected((int) connectTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new DLException(StatusCode.ZOOKEEPER_ERROR, "cannot reach ZooKeeper at " + zkConnect
                        + " within " + connectTimeout.toMillis() + " ms to register proxy " + me.id());
            }
            reg.register(connectTimeout);
            return reg;
        } catch (DLException e) {
            reg.close();
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reg.close();
            throw new DLException(StatusCode.INTERRUPTED, "interrupted while registering proxy " + me.id(), e);
        } catch (Exception e) {
            reg.close();
            throw new DLException(StatusCode.ZOOKEEPER_ERROR, "cannot register proxy " + me.id() + ": " + e, e);
        }
    }

    private void register(Duration timeout) throws Exception {
        zk.createContainers(dir);
        cache = CuratorCache.build(zk, dir);
        cache.start();
        String path = dir + "/" + me.id();
        node = new PersistentNode(zk, CreateMode.EPHEMERAL, false, path, me.toBytes());
        node.start();
        if (!node.waitForInitialCreate(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new DLException(StatusCode.ZOOKEEPER_ERROR, "registration " + path + " not created within "
                    + timeout.toMillis() + " ms (a previous process at this address may still hold it)");
        }
        LOG.info("proxy registered path={} role={} address={}", path, me.role(), me.address());
    }

    /** Returns this proxy's registration. */
    public ProxyInfo self() {
        return me;
    }

    /** Returns the live proxies (this one included), sorted by id; from a watched cache, does not block. */
    public List<ProxyInfo> live() {
        List<ProxyInfo> out = new ArrayList<>();
        CuratorCache c = cache;
        if (c == null) {
            return List.of(me);
        }
        c.stream().forEach(d -> add(out, d));
        if (out.stream().noneMatch(p -> p.id().equals(me.id())) && node != null) {
            out.add(me);
        }
        out.sort(Comparator.comparing(ProxyInfo::id));
        return out;
    }

    private void add(List<ProxyInfo> out, ChildData d) {
        String path = d.getPath();
        if (path.equals(dir) || d.getData() == null) {
            return;
        }
        try {
            out.add(ProxyInfo.parse(path.substring(path.lastIndexOf('/') + 1), d.getData()));
        } catch (IllegalArgumentException e) {
            LOG.debug("skipping unreadable proxy registration path={}", path);
        }
    }

    /** Removes the registration (clients stop being sent here) but keeps the ZooKeeper client. Idempotent. */
    public synchronized void deregister() {
        if (node != null) {
            try {
                node.close();
                LOG.info("proxy deregistered id={}", me.id());
            } catch (Exception e) {
                LOG.warn("proxy deregistration failed id={} error={}", me.id(), e.toString());
            }
            node = null;
        }
    }

    @Override
    public synchronized void close() {
        deregister();
        if (cache != null) {
            cache.close();
            cache = null;
        }
        zk.close();
    }
}
