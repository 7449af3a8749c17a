package io.dlog.proxy.write;

import io.dlog.protocol.DLException;
import io.dlog.protocol.InvalidArgumentException;
import io.dlog.protocol.StatusCode;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.zookeeper.KeeperException;

/** Reads the proxies registered in a namespace, once (for tools such as {@code dlog proxy status}). */
public final class ProxyDirectory {
    private ProxyDirectory() {
    }

    /**
     * Lists the live proxies of a namespace.
     *
     * @param namespace {@code dlog://host:port[,host:port]/path}
     * @param timeout how long to wait for ZooKeeper
     * @return the registrations, sorted by id (empty when none)
     * @throws DLException INVALID_ARGUMENT for a bad URI, ZOOKEEPER_ERROR when ZooKeeper cannot be read
     */
    public static List<ProxyInfo> list(URI namespace, Duration timeout) throws DLException {
        String[] parts = split(namespace);
        try (CuratorFramework zk = CuratorFrameworkFactory.builder().connectString(parts[0])
                .connectionTimeoutMs((int) timeout.toMillis()).sessionTimeoutMs(30_000)
                .retryPolicy(new RetryOneTime(100)).build()) {
            zk.start();
            if (!zk.blockUntilConnected((int) timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new DLException(StatusCode.ZOOKEEPER_ERROR, "cannot reach ZooKeeper at " + parts[0]);
            }
            String dir = parts[1] + "/.proxies";
            List<ProxyInfo> out = new ArrayList<>();
            List<String> children;
            try {
                children = zk.getChildren().forPath(dir);
            } catch (KeeperException.NoNodeException e) {
                return List.of();
            }
            for (String id : children) {
                try {
                    out.add(ProxyInfo.parse(id, zk.getData().forPath(dir + "/" + id)));
                } catch (KeeperException.NoNodeException | IllegalArgumentException gone) {
                    // went away (or is unreadable) between the listing and the read
                }
            }
            out.sort(Comparator.comparing(ProxyInfo::id));
            return out;
        } catch (DLException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DLException(StatusCode.INTERRUPTED, "interrupted reading proxies of " + namespace, e);
        } catch (Exception e) {
            throw new DLException(StatusCode.ZOOKEEPER_ERROR, "cannot read proxies of " + namespace + ": " + e, e);
        }
    }

    /**
     * Splits a namespace URI into ZooKeeper connect string and path.
     *
     * @param uri the namespace URI
     * @return {connect string, path}
     * @throws InvalidArgumentException if it is not {@code dlog://hosts/path}
     */
    static String[] split(URI uri) throws InvalidArgumentException {
        if (uri == null || !"dlog".equals(uri.getScheme()) || uri.getRawAuthority() == null || uri.getPath() == null
                || uri.getPath().length() < 2) {
            throw new InvalidArgumentException("namespace URI must look like dlog://host:port/path, got " + uri);
        }
        String path = uri.getPath().endsWith("/") ? uri.getPath().substring(0, uri.getPath().length() - 1)
                : uri.getPath();
        return new String[] {uri.getRawAuthority(), path};
    }
}
