package io.dlog.proxy.common;

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
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A proxy's admin endpoint: {@code GET /metrics} (Prometheus text: the dropwizard registry plus JVM
 * metrics), {@code GET /health} (200 when serving, 503 when draining or stopped, with a JSON body) and
 * {@code POST /drain} (starts a graceful stop; answers 202). The JDK HTTP server on two daemon threads named
 * {@code dlog-proxy-admin-<n>}. Thread-safe; {@link #close()} is idempotent.
 */
public final class AdminHttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AdminHttpServer.class);

    private final HTTPServer server;
    private final ExecutorService executor;
    private final String address;

    /** The answer of {@code /health}: whether the proxy serves, and a JSON object. */
    public record Health(boolean up, String json) {
    }

    private AdminHttpServer(HTTPServer server, ExecutorService executor, String address) {
        this.server = server;
        this.executor = executor;
        this.address = address;
    }

    /**
     * Starts the endpoint.
     *
     * @param bind the address to bind
     * @param port the port, 0 for any free one
     * @param registry the metrics; borrowed
     * @param health the health answer
     * @param drain starts a graceful stop
     * @return the running endpoint; the caller closes it
     * @throws IOException if the port cannot be bound
     */
    public static AdminHttpServer start(String bind, int port, MetricRegistry registry, Supplier<Health> health,
            Runnable drain) throws IOException {
        AtomicInteger n = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "dlog-proxy-admin-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(bind, port), 16);
            http.createContext("/health", exchange -> serveHealth(exchange, health));
            http.createContext("/drain", exchange -> serveDrain(exchange, drain));
            http.setExecutor(executor);
            CollectorRegistry prometheus = new CollectorRegistry();
            prometheus.register(new DropwizardExports(registry));
            DefaultExports.register(prometheus);
            HTTPServer server = new HTTPServer.Builder().withHttpServer(http).withRegistry(prometheus).build();
            String address = bind + ":" + server.getPort();
            LOG.info("proxy admin endpoint started address={} paths=/metrics,/health,/drain", address);
            return new AdminHttpServer(server, executor, address);
        } catch (IOException | RuntimeException e) {
            executor.shutdownNow();
            throw e;
        }
    }

    /** Returns {@code host:port}. */
    public String address() {
        return address;
    }

    @Override
    public void close() {
        if (executor.isShutdown()) {
            return;
        }
        server.close();
        executor.shutdownNow();
        LOG.info("proxy admin endpoint stopped address={}", address);
    }

    private static void serveHealth(HttpExchange exchange, Supplier<Health> health) throws IOException {
        Health h;
        try {
            h = health.get();
        } catch (RuntimeException e) {
            h = new Health(false, "{\"status\":\"DOWN\",\"error\":\"" + e.getClass().getSimpleName() + "\"}");
        }
        respond(exchange, h.up() ? 200 : 503, h.json());
    }

    private static void serveDrain(HttpExchange exchange, Runnable drain) throws IOException {
        if (!"POST".equals(exchange.getRequestMethod())) {
            respond(exchange, 405, "{\"error\":\"use POST\"}");
            return;
        }
        drain.run();
        respond(exchange, 202, "{\"status\":\"DRAINING\"}");
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        try (exchange) {
            byte[] body = (json + "\n").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
