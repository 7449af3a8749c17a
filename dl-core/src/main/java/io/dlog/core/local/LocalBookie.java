package io.dlog.core.local;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.bookkeeper.bookie.BookieResources;
import org.apache.bookkeeper.common.component.LifecycleComponentStack;
import org.apache.bookkeeper.conf.ServerConfiguration;
import org.apache.bookkeeper.meta.MetadataBookieDriver;
import org.apache.bookkeeper.server.EmbeddedServer;
import org.apache.bookkeeper.server.conf.BookieConfiguration;
import org.apache.bookkeeper.stats.NullStatsLogger;
import org.apache.bookkeeper.stats.NullStatsProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One in-process bookie: a fixed configuration (port and directories) that can be started and stopped many times.
 *
 * <p>Thread-safe: start and stop are synchronized, except the slow start itself, which runs on its own daemon
 * thread so a hung start can be abandoned after a timeout (a start finishing after that closes what it built).
 */
final class LocalBookie {

    private static final Logger LOG = LoggerFactory.getLogger(LocalBookie.class);

    private final int index;
    private final ServerConfiguration conf;
    private final String address;
    private Instance running;
    /** Incremented by every stop; a start that finishes under an older generation was abandoned. */
    private long generation;

    LocalBookie(int index, ServerConfiguration conf) {
        this.index = index;
        this.conf = conf;
        this.address = LocalCluster.LOOPBACK + ":" + conf.getBookiePort();
    }

    /** {@code 127.0.0.1:port}, the bookie id. */
    String address() {
        return address;
    }

    /** Whether started and not stopped, and the bookie server has not shut itself down (e.g. on a disk error). */
    synchronized boolean isRunning() {
        return running != null && running.server.getBookieService().getServer().isRunning();
    }

    /**
     * Starts the bookie and waits until it is registered; no-op if running.
     *
     * @throws IOException if it fails or does not start within {@code timeout}; nothing is left running then
     */
    void start(Duration timeout) throws IOException {
        await(startAsync(), timeout.toNanos());
    }

    /**
     * Starts the bookie on a new daemon thread; the future completes once it is registered, or with the cause of
     * the failure. Already complete if running.
     */
    CompletableFuture<Void> startAsync() {
        long startGeneration;
        synchronized (this) {
            if (running != null) {
                return CompletableFuture.completedFuture(null);
            }
            startGeneration = generation;
        }
        CompletableFuture<Void> started = new CompletableFuture<>();
        Thread starter = new Thread(() -> startOn(startGeneration, started), "dlog-localcluster-bookie-" + index);
        starter.setDaemon(true);
        starter.start();
        return started;
    }

    /**
     * Waits for a start begun by {@link #startAsync()}; on timeout or interrupt the start is abandoned (stopped).
     *
     * @throws IOException if the start failed, timed out or was interrupted
     */
    void await(CompletableFuture<Void> started, long timeoutNanos) throws IOException {
        try {
            started.get(Math.max(0, timeoutNanos), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            stop();
            throw new IOException("bookie " + address + " did not start within "
                    + Duration.ofNanos(timeoutNanos).toMillis() + " ms", e);
        } catch (ExecutionException e) {
            throw new IOException("bookie " + address + " failed to start: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop();
            throw new IOException("interrupted while starting bookie " + address, e);
        }
    }

    private void startOn(long startGeneration, CompletableFuture<Void> started) {
        Instance instance = null;
        try {
            checkPortFree();
            // We own the metadata driver (ZooKeeper client) so that it is closed even when build() fails part way.
            instance = new Instance(BookieResources.createMetadataDriver(conf, NullStatsLogger.INSTANCE));
            EmbeddedServer server = EmbeddedServer.builder(new BookieConfiguration(conf))
                    .statsProvider(new NullStatsProvider())
                    .metadataDriver(instance.driver)
                    .build();
            instance.server = server;
            instance.stack = server.getLifecycleComponentStack();
            instance.stack.start();
            if (!server.getBookieService().getServer().isRunning()) {
                throw new IOException("bookie " + address + " is not running after start");
            }
            synchronized (this) {
                if (generation != startGeneration) {
                    throw new IOException("bookie " + address + " start abandoned");
                }
                running = instance;
            }
            started.complete(null);
        } catch (Throwable t) {   // a bookie start throws raw RuntimeExceptions and Errors too
            if (instance != null) {
                closeQuietly(instance);
            }
            started.completeExceptionally(t);
        }
    }

    /**
     * Fails fast if the port is taken: BookKeeper's server leaks its acceptor thread when the bind fails inside
     * {@code EmbeddedServer.build()}.
     */
    private void checkPortFree() throws IOException {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), conf.getBookiePort()));
        } catch (BindException e) {
            throw new IOException("bookie port " + address + " is in use", e);
        }
    }

    /** Runs {@link #stop()} on a new daemon thread; the future completes when the bookie is stopped. */
    CompletableFuture<Void> stopAsync() {
        if (!isRunning()) {
            stop();   // still abandons a start in progress
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        Thread stopper = new Thread(() -> {
            try {
                stop();
            } finally {
                stopped.complete(null);
            }
        }, "dlog-localcluster-bookie-stop-" + index);
        stopper.setDaemon(true);
        stopper.start();
        return stopped;
    }

    /** Stops the bookie, keeping its data; no-op if stopped. */
    void stop() {
        Instance instance;
        synchronized (this) {
            generation++;
            instance = running;
            running = null;
        }
        if (instance != null) {
            closeQuietly(instance);
        }
    }

    private void closeQuietly(Instance instance) {
        // The stack's close() stops every component in reverse order (bookie server, ledger manager, registration)
        // and then releases them; the driver's ZooKeeper session goes last.
        try {
            if (instance.stack != null) {
                instance.stack.close();
            }
        } catch (RuntimeException e) {
            LOG.warn("LocalCluster bookie close failed index={} address={}", index, address, e);
        } finally {
            try {
                instance.driver.close();
            } catch (RuntimeException e) {
                LOG.warn("LocalCluster bookie metadata driver close failed index={} address={}", index, address, e);
            }
        }
    }

    /** What one start of the bookie built. */
    private static final class Instance {
        final MetadataBookieDriver driver;
        EmbeddedServer server;
        LifecycleComponentStack stack;

        Instance(MetadataBookieDriver driver) {
            this.driver = driver;
        }
    }
}
