package io.dlog.tools.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The admin endpoint answers /metrics and /health, and 404 for anything else. */
class AdminServerTest {

    @Test
    void unknownPathShouldGet404AndKnownPathsTheirAnswers() throws Exception {
        MetricRegistry registry = new MetricRegistry();
        registry.counter("dlog.test.hits").inc(3);
        try (AdminServer admin = AdminServer.start("127.0.0.1", 0, registry,
                () -> new AdminServer.Health(true, "{\"status\":\"UP\"}"))) {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            HttpResponse<String> bogus = get(http, admin.uri() + "/bogus");
            assertThat(bogus.statusCode()).isEqualTo(404);
            assertThat(bogus.body()).contains("not found: /bogus");
            assertThat(get(http, admin.uri() + "/").statusCode()).isEqualTo(404);
            assertThat(get(http, admin.uri() + "/metricsX").statusCode()).isEqualTo(404);
            assertThat(get(http, admin.uri() + "/health/x").statusCode()).isEqualTo(404);
            HttpResponse<String> metrics = get(http, admin.uri() + "/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("dlog_test_hits 3.0").contains("jvm_memory_bytes_used");
            HttpResponse<String> health = get(http, admin.uri() + "/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).isEqualTo("{\"status\":\"UP\"}\n");
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(admin.uri() + "/metrics"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);
        }
    }

    private static HttpResponse<String> get(HttpClient http, String uri) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(uri)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
