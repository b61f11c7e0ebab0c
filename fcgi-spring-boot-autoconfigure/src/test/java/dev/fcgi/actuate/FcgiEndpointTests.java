package dev.fcgi.actuate;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import dev.fcgi.testsupport.FcgiTestClient;
import dev.fcgi.testsupport.TestApplication;
import dev.fcgi.tomcat.FcgiNioProtocol;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.context.ConfigurableApplicationContext;

import static dev.fcgi.testsupport.TestApplicationSupport.await;
import static dev.fcgi.testsupport.TestApplicationSupport.fcgiGet;
import static dev.fcgi.testsupport.TestApplicationSupport.fcgiPort;
import static dev.fcgi.testsupport.TestApplicationSupport.holdWait;
import static dev.fcgi.testsupport.TestApplicationSupport.httpGet;
import static dev.fcgi.testsupport.TestApplicationSupport.httpPort;
import static dev.fcgi.testsupport.TestApplicationSupport.json;
import static dev.fcgi.testsupport.TestApplicationSupport.protocol;
import static dev.fcgi.testsupport.TestApplicationSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code fcgi} status endpoint: every contract field, a saturated pool seen as it
 * happens (over a second FastCGI connection and over HTTP), the text and OpenMetrics
 * formats, instead mode and the management port.
 */
class FcgiEndpointTests {

    private final List<FcgiTestClient> held = new ArrayList<>();

    @AfterEach
    void release() throws Exception {
        TestApplication.gate.countDown();
        for (FcgiTestClient client : this.held) {
            client.close();
        }
    }

    @Test
    void fullPoolIsShownToTheRequestThatTakesTheLastWorker() throws Exception {
        TestApplication.gate = new CountDownLatch(1);
        try (ConfigurableApplicationContext context = run("--server.port=0", "--fcgi.port=0", "--fcgi.mode=instead",
                "--fcgi.pool.size=4", "--management.endpoints.web.exposure.include=fcgi")) {
            int port = fcgiPort(context);
            FcgiNioProtocol protocol = protocol(context);
            for (int i = 0; i < 3; i++) {
                this.held.add(holdWait(port));
            }
            await("3 busy workers", () -> protocol.getStatistics().activeWorkers() == 3);
            FcgiTestClient.Response response = fcgiGet(port, "/actuator/fcgi");
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.headers("Content-Type").get(0)).contains("json");
            JsonNode status = json(response.bodyText());
            assertThat(status.get("listen").asString()).isEqualTo("127.0.0.1:" + port);
            assertThat(status.get("mode").asString()).isEqualTo("instead");
            assertThat(status.get("state").asString()).isEqualTo("accepting");
            assertThat(status.get("activeWorkers").asInt()).isEqualTo(4);
            assertThat(status.get("maxWorkers").asInt()).isEqualTo(4);
            assertThat(status.get("totalWorkers").asInt()).isEqualTo(4);
            assertThat(status.get("idleWorkers").asInt()).isZero();
            assertThat(status.get("maxActiveWorkers").asInt()).isEqualTo(4);
            assertThat(status.get("maxWorkersReached").asLong()).isEqualTo(1);
            assertThat(status.get("activeConnections").asLong()).isEqualTo(4);
            assertThat(status.get("acceptedConnections").asLong()).isEqualTo(4);
            assertThat(status.get("queued").asInt()).isZero();
            for (String field : List.of("startTime", "startSince", "requests", "maxQueued", "slowRequests",
                    "rejectedRequests", "spilledBodies", "bytesIn", "bytesOut")) {
                assertThat(status.has(field)).as(field).isTrue();
            }
            List<JsonNode> busy = new ArrayList<>();
            for (JsonNode worker : status.get("workers")) {
                if ("busy".equals(worker.get("state").asString())) {
                    busy.add(worker);
                }
            }
            assertThat(busy).hasSize(4);
            assertThat(busy).extracting((w) -> w.get("uri").asString())
                .containsExactlyInAnyOrder("/wait", "/wait", "/wait", "/actuator/fcgi");
            for (JsonNode worker : busy) {
                assertThat(worker.get("name").asString()).isNotEmpty();
                assertThat(worker.get("method").asString()).isEqualTo("GET");
                assertThat(worker.get("remoteAddr").asString()).isEqualTo("192.0.2.10");
                assertThat(worker.get("durationMs").asLong()).isNotNegative();
                assertThat(worker.has("requests")).isTrue();
            }
            TestApplication.gate.countDown();
            for (FcgiTestClient client : this.held) {
                assertThat(client.readResponse(1).bodyText()).isEqualTo("released");
            }
            JsonNode after = json(fcgiGet(port, "/actuator/fcgi").bodyText());
            assertThat(after.get("requests").asLong()).isGreaterThanOrEqualTo(4);
            for (JsonNode worker : after.get("workers")) {
                if ("idle".equals(worker.get("state").asString())) {
                    assertThat(worker.has("uri")).isFalse();
                    assertThat(worker.has("lastDurationMs")).isTrue();
                }
            }
        }
    }

    @Test
    void saturatedPoolWithQueuedRequestsIsReadOverHttpWhileItLasts() throws Exception {
        TestApplication.gate = new CountDownLatch(1);
        try (ConfigurableApplicationContext context = run("--server.port=0", "--fcgi.port=0", "--fcgi.pool.size=4",
                "--management.endpoints.web.exposure.include=fcgi")) {
            int port = fcgiPort(context);
            FcgiNioProtocol protocol = protocol(context);
            for (int i = 0; i < 4; i++) {
                this.held.add(holdWait(port));
            }
            await("4 busy workers", () -> protocol.getStatistics().activeWorkers() == 4);
            for (int i = 0; i < 2; i++) {
                this.held.add(holdWait(port));
            }
            await("2 queued requests", () -> protocol.getQueuedRequests() == 2);
            HttpResponse<String> response = httpGet(httpPort(context), "/actuator/fcgi");
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode status = json(response.body());
            assertThat(status.get("mode").asString()).isEqualTo("beside");
            assertThat(status.get("activeWorkers").asInt()).isEqualTo(4);
            assertThat(status.get("maxWorkers").asInt()).isEqualTo(4);
            assertThat(status.get("idleWorkers").asInt()).isZero();
            assertThat(status.get("queued").asInt()).isEqualTo(2);
            assertThat(status.get("maxWorkersReached").asLong()).isEqualTo(1);
            assertThat(status.get("activeConnections").asLong()).isEqualTo(6);
            TestApplication.gate.countDown();
            for (FcgiTestClient client : this.held) {
                assertThat(client.readResponse(1).bodyText()).isEqualTo("released");
            }
            // the workers finish their bookkeeping just after the last byte leaves
            await("an idle pool and an empty queue",
                    () -> protocol.getStatistics().activeWorkers() == 0 && protocol.getQueuedRequests() == 0);
            JsonNode after = json(httpGet(httpPort(context), "/actuator/fcgi").body());
            assertThat(after.get("queued").asInt()).isZero();
            assertThat(after.get("maxQueued").asInt()).isPositive();
            assertThat(after.get("activeWorkers").asInt()).isZero();
            assertThat(after.get("maxWorkersReached").asLong()).isPositive();
        }
    }

    @Test
    void textAndOpenMetricsFormatsAsPhpFpmOffersThem() throws Exception {
        try (ConfigurableApplicationContext context = run("--server.port=0", "--fcgi.port=0", "--fcgi.mode=instead",
                "--management.endpoints.web.exposure.include=fcgi")) {
            int port = fcgiPort(context);
            FcgiTestClient.Response text = fcgiGet(port, "/actuator/fcgi?format=text");
            assertThat(text.status()).isEqualTo(200);
            assertThat(text.headers("Content-Type").get(0)).startsWith("text/plain");
            assertThat(text.bodyText()).contains("listen:", "127.0.0.1:" + port, "activeWorkers:", "maxWorkers:",
                    "************************", "uri:                  /actuator/fcgi");
            FcgiTestClient.Response metrics = fcgiGet(port, "/actuator/fcgi?format=openmetrics");
            assertThat(metrics.status()).isEqualTo(200);
            assertThat(metrics.headers("Content-Type").get(0)).startsWith("application/openmetrics-text");
            assertThat(metrics.bodyText())
                .contains("# TYPE fcgi_active_workers gauge",
                        "fcgi_up{listen=\"127.0.0.1:" + port + "\",mode=\"instead\"} 1",
                        "fcgi_max_workers{listen=\"127.0.0.1:" + port + "\",mode=\"instead\"} 200",
                        "fcgi_accepted_connections_total{")
                .endsWith("# EOF\n");
            assertThat(fcgiGet(port, "/actuator/fcgi?format=xml").status()).isEqualTo(400);
        }
    }

    @Test
    void insteadModeWithAManagementPortServesTheEndpointOnHttpOnly() throws Exception {
        try (ConfigurableApplicationContext context = run("--server.port=0", "--fcgi.port=0", "--fcgi.mode=instead",
                "--management.server.port=0", "--management.endpoints.web.exposure.include=health,fcgi",
                "--management.endpoint.health.show-details=always")) {
            int managementPort = context.getEnvironment().getRequiredProperty("local.management.port", Integer.class);
            int port = fcgiPort(context);
            assertThat(fcgiGet(port, "/hello").bodyText()).isEqualTo("hello");
            HttpResponse<String> response = httpGet(managementPort, "/actuator/fcgi");
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode status = json(response.body());
            assertThat(status.get("mode").asString()).isEqualTo("instead");
            assertThat(status.get("listen").asString()).isEqualTo("127.0.0.1:" + port);
            assertThat(status.get("requests").asLong()).isEqualTo(1);
            HttpResponse<String> health = httpGet(managementPort, "/actuator/health/fcgi");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(json(health.body()).get("status").asString()).isEqualTo("UP");
            assertThat(fcgiGet(port, "/actuator/fcgi").status()).isEqualTo(404);
        }
    }

}
