package io.dlog.core.testing;

import io.dlog.core.DLConfig;
import io.dlog.core.Namespace;
import io.dlog.core.local.LocalCluster;
import io.dlog.protocol.DLException;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JUnit 5 extension that runs a {@link LocalCluster} for a test class.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final LocalClusterExtension CLUSTER = LocalClusterExtension.withBookies(3);
 * ...
 * URI uri = CLUSTER.namespaceUri("name-unique-per-test");
 * }</pre>
 *
 * <p>Registered on a static field, one cluster is started before all tests of the class and closed after them, so
 * tests must use unique namespace names. Registered on an instance field, each test gets its own cluster. When a
 * test fails, the cluster state (bookies, ZooKeeper tree) is logged at WARN before anything is closed; the cluster
 * is always closed.
 *
 * <p>Bookies run without journal fsync unless {@link Builder#fsync(boolean)} says otherwise: acknowledged entries
 * still survive bookie restarts inside the JVM. Not thread-safe: meant for JUnit's lifecycle callbacks, which run
 * one at a time for a class.
 */
public final class LocalClusterExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    private static final Logger LOG = LoggerFactory.getLogger(LocalClusterExtension.class);

    private final int bookies;
    private final Duration zkSessionTimeout;
    private final boolean fsync;
    private LocalCluster cluster;
    private boolean perTest;

    private LocalClusterExtension(Builder builder) {
        this.bookies = builder.bookies;
        this.zkSessionTimeout = builder.zkSessionTimeout;
        this.fsync = builder.fsync;
    }

    /**
     * An extension with {@code n} bookies and the other defaults.
     *
     * @param n number of bookies, at least 1
     * @return a new extension
     */
    public static LocalClusterExtension withBookies(int n) {
        return builder().bookies(n).build();
    }

    /**
     * A builder with the defaults: 3 bookies, the {@link LocalCluster} default session limits, no fsync.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The running cluster.
     *
     * @return the cluster of the current test class (or test, for an instance field)
     * @throws IllegalStateException outside the extension's lifecycle
     */
    public LocalCluster cluster() {
        if (cluster == null) {
            throw new IllegalStateException("LocalClusterExtension has no running cluster");
        }
        return cluster;
    }

    /**
     * Shorthand for {@code cluster().namespaceUri(namespace)}.
     *
     * @param namespace a namespace path, unique per test when the cluster is shared
     * @return {@code dlog://127.0.0.1:<zkport>/<namespace>}
     */
    public URI namespaceUri(String namespace) {
        return cluster().namespaceUri(namespace);
    }

    /**
     * Opens a namespace of this cluster; the caller closes it.
     *
     * @param namespace the namespace path, unique per test
     * @param config the configuration
     * @return the namespace
     */
    public Namespace openNamespace(String namespace, DLConfig config) throws DLException {
        return Namespace.builder().uri(namespaceUri(namespace)).config(config).build();
    }

    /**
     * Shorthand for {@code cluster().zkConnectString()}.
     *
     * @return {@code 127.0.0.1:<port>}
     */
    public String zkConnectString() {
        return cluster().zkConnectString();
    }

    /** Starts the shared cluster (extension on a static field). */
    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        start();
    }

    /** Starts a cluster for this test if none runs (extension on an instance field). */
    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        if (cluster == null) {
            perTest = true;
            start();
        }
    }

    /** Dumps the cluster state if the test failed; closes a per-test cluster. */
    @Override
    public void afterEach(ExtensionContext context) {
        if (context.getExecutionException().isPresent()) {
            dump(context);
        }
        if (perTest) {
            close();
        }
    }

    /** Dumps the cluster state if the class failed, and closes the cluster. */
    @Override
    public void afterAll(ExtensionContext context) {
        if (context.getExecutionException().isPresent()) {
            dump(context);
        }
        close();
    }

    private void start() throws IOException {
        LocalCluster.Builder builder = LocalCluster.builder().bookies(bookies).fsync(fsync);
        if (zkSessionTimeout != null) {
            builder.zkSessionTimeout(zkSessionTimeout);
        }
        cluster = builder.start();
    }

    private void close() {
        LocalCluster running = cluster;
        cluster = null;
        if (running != null) {
            running.close();
        }
    }

    private void dump(ExtensionContext context) {
        if (cluster == null) {
            return;
        }
        try {
            LOG.warn("LocalCluster state after failure of {}:\n{}", context.getDisplayName(),
                    ClusterStateDump.describe(cluster));
        } catch (RuntimeException e) {
            LOG.warn("LocalCluster state dump failed after failure of {}", context.getDisplayName(), e);
        }
    }

    /** Options of a {@link LocalClusterExtension}. Not thread-safe. */
    public static final class Builder {
        private int bookies = 3;
        private Duration zkSessionTimeout;
        private boolean fsync;

        private Builder() {
        }

        /**
         * The number of bookies.
         *
         * @param n at least 1; default 3
         * @return this builder
         */
        public Builder bookies(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("bookies must be at least 1: " + n);
            }
            this.bookies = n;
            return this;
        }

        /**
         * See {@link LocalCluster.Builder#zkSessionTimeout(Duration)}.
         *
         * @param d the shortest session timeout the server grants
         * @return this builder
         */
        public Builder zkSessionTimeout(Duration d) {
            this.zkSessionTimeout = Objects.requireNonNull(d, "d");
            return this;
        }

        /**
         * See {@link LocalCluster.Builder#fsync(boolean)}.
         *
         * @param fsync default false here, for speed
         * @return this builder
         */
        public Builder fsync(boolean fsync) {
            this.fsync = fsync;
            return this;
        }

        /**
         * Builds the extension; the cluster starts in its first lifecycle callback.
         *
         * @return a new extension
         */
        public LocalClusterExtension build() {
            return new LocalClusterExtension(this);
        }
    }
}
