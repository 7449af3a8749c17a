package io.dlog.tools.standalone;

import com.codahale.metrics.MetricRegistry;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.dropwizard.DropwizardExports;
import io.prometheus.client.exporter.HTTPServer;
import io.prometheus.client.hotspot.DefaultExports;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin HTTP endpoint: {@code GET /metrics} (Prometheus text format: the dropwizard registry through
 * {@code simpleclient_dropwizard}, plus JVM metrics from {@code simpleclient_hotspot}) and {@code GET /health}
 * (200 when healthy, 503 otherwise, with a one-line JSON body). Served by the JDK HTTP server on two daemon
 * threads named {@code dlog-admin-<n>}. Thread-safe; {@link #close()} is idempotent.
 */
public final class AdminServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);

    private final HTTPServer server;
    private final ExecutorService executor;
    private final URI uri;

    private AdminServer(HTTPServer server, ExecutorService executor, URI uri) {
        this.server = server;
        this.executor = executor;
        this.uri = uri;
    }

    /**
     * Starts the endpoint.
     *
     * @param address the address to bind, e.g. 127.0.0.1
     * @param port the port, 0 for an ephemeral one
     * @param registry the metrics to expose; borrowed
     * @param health says whether the process is healthy, and why (a JSON object)
     * @return the running server; the caller closes it
     * @throws IOException if the port cannot be bound
     */
    public static AdminServer start(String address, int port, MetricRegistry registry, Supplier<Health> health)
            throws IOException {
        AtomicInteger n = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "dlog-admin-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(address, port), 16);
            http.createContext("/health", exchange -> serveHealth(exchange, health));
            http.setExecutor(executor);
            CollectorRegistry prometheus = new CollectorRegistry();
            prometheus.register(new DropwizardExports(registry));
            DefaultExports.register(prometheus);
            HTTPServer server = new HTTPServer.Builder().withHttpServer(http).withRegistry(prometheus).build();
            URI uri = URI.create("http://" + address + ":" + server.getPort());
            LOG.info("admin endpoint started uri={} paths=/metrics,/health", uri);
            return new AdminServer(server, executor, uri);
        } catch (IOException | RuntimeException e) {
            executor.shutdownNow();
            throw e;
        }
    }

    /** Returns {@code http://address:port}. */
    public URI uri() {
        return uri;
    }

    @Override
    public void close() {
        if (executor.isShutdown()) {
            return;
        }
        server.close();
        executor.shutdownNow();
        LOG.info("admin endpoint stopped uri={}", uri);
    }

    private static void serveHealth(HttpExchange exchange, Supplier<Health> health) throws IOException {
        try (exchange) {
            Health h;
            try {
                h = health.get();
            } catch (RuntimeException e) {
                h = new Health(false, "{\"status\":\"DOWN\",\"error\":\"" + e.getClass().getSimpleName() + "\"}");
            }
            byte[] body = (h.json() + "\n").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(h.up() ? 200 : 503, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /**
     * The answer of {@code /health}.
     *
     * @param up whether the process is healthy
     * @param json the body, a JSON object
     */
    public record Health(boolean up, String json) {
    }
}
