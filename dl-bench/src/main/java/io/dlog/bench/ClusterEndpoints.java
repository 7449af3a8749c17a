package io.dlog.bench;

import io.dlog.core.local.LocalCluster;
import java.net.URI;
import java.util.Objects;
import org.apache.bookkeeper.conf.ClientConfiguration;

/**
 * Where the systems under test find the cluster, wherever it runs (in this JVM or a child one).
 *
 * @param zkConnect   the ZooKeeper connect string, {@code 127.0.0.1:<port>}
 * @param ledgersRoot the ZooKeeper path of BookKeeper's metadata, e.g. {@code /ledgers}
 */
record ClusterEndpoints(String zkConnect, String ledgersRoot) {

    ClusterEndpoints {
        Objects.requireNonNull(zkConnect, "zkConnect");
        Objects.requireNonNull(ledgersRoot, "ledgersRoot");
    }

    static ClusterEndpoints of(LocalCluster cluster) {
        return new ClusterEndpoints(cluster.zkConnectString(), cluster.ledgersRootPath());
    }

    /** A dlog namespace URI on this cluster. */
    URI namespaceUri(String namespace) {
        return URI.create("dlog://" + zkConnect + "/" + namespace);
    }

    /** A BookKeeper client configuration for this cluster, the one {@link LocalCluster} makes for its own. */
    ClientConfiguration newClientConfiguration() {
        return LocalCluster.clientConfiguration("zk+hierarchical://" + zkConnect + ledgersRoot);
    }
}
