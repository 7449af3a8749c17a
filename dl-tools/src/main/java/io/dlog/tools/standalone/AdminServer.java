package io.dlog.tools.standalone;

import com.codahale.metrics.MetricRegistry;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.dropwizard.DropwizardExports;
import io.prometheus.client.exporter.common.TextFormat;
import io.prometheus.client.hotspot.DefaultExports;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
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
 * (200 when healthy, 503 otherwise, with a one-line JSON body); any other path is 404 (only GET and HEAD are
 * served: 405 otherwise). Served by the JDK HTTP server on two daemon threads named {@code dlog-admin-<n>}.
 * Thread-safe; {@link #close()} is idempotent.
 */
public final class AdminServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);

    private final HttpServer server;
    private final ExecutorService executor;
    private final URI uri;

    private AdminServer(HttpServer server, ExecutorService executor, URI uri) {
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
            CollectorRegistry prometheus = new CollectorRegistry();
            prometheus.register(new DropwizardExports(registry));
            DefaultExports.register(prometheus);
            // One context for every path: the JDK server matches contexts by prefix, so "/metrics" alone would
            // also answer "/metricsX" and a "/" context would answer everything.
            http.createContext("/", exchange -> route(exchange, prometheus, health));
            http.setExecutor(executor);
            http.start();
            URI uri = URI.create("http://" + address + ":" + http.getAddress().getPort());
            LOG.info("admin endpoint started uri={} paths=/metrics,/health", uri);
            return new AdminServer(http, executor, uri);
        } catch (IOException | RuntimeException e) {
            executor.shutdownNow();
            throw e;
        }
    }

    private static void route(HttpExchange exchange, CollectorRegistry prometheus, Supplier<Health> health)
            throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        if (!path.equals("/metrics") && !path.equals("/health")) {
            send(exchange, 404, "text/plain; charset=utf-8", ("not found: " + path + " (try /metrics or /health)\n")
                    .getBytes(StandardCharsets.UTF_8));
        } else if (!method.equals("GET") && !method.equals("HEAD")) {
            exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            send(exchange, 405, "text/plain; charset=utf-8", "method not allowed\n".getBytes(StandardCharsets.UTF_8));
        } else if (path.equals("/health")) {
            serveHealth(exchange, health);
        } else {
            ByteArrayOutputStream buf = new ByteArrayOutputStream(16 * 1024);
            try (Writer w = new OutputStreamWriter(buf, StandardCharsets.UTF_8)) {
                TextFormat.write004(w, prometheus.metricFamilySamples());
            }
            send(exchange, 200, TextFormat.CONTENT_TYPE_004, buf.toByteArray());
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        try (exchange) {
            exchange.getResponseHeaders().set("Content-Type", contentType);
            boolean head = exchange.getRequestMethod().equals("HEAD");
            exchange.sendResponseHeaders(status, head ? -1 : body.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
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
        server.stop(0);
        executor.shutdownNow();
        LOG.info("admin endpoint stopped uri={}", uri);
    }

    private static void serveHealth(HttpExchange exchange, Supplier<Health> health) throws IOException {
        Health h;
        try {
            h = health.get();
        } catch (RuntimeException e) {
            h = new Health(false, "{\"status\":\"DOWN\",\"error\":\"" + e.getClass().getSimpleName() + "\"}");
        }
        send(exchange, h.up() ? 200 : 503, "application/json", (h.json() + "\n").getBytes(StandardCharsets.UTF_8));
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
