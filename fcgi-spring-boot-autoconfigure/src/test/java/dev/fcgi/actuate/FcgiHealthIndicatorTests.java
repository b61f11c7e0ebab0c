package dev.fcgi.actuate;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;

import dev.fcgi.autoconfigure.FcgiConnectorConfigurer;
import dev.fcgi.autoconfigure.FcgiConnectorHolder;
import dev.fcgi.autoconfigure.FcgiMode;
import dev.fcgi.autoconfigure.FcgiProperties;
import dev.fcgi.tomcat.FcgiNioProtocol;
import org.apache.catalina.connector.Connector;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;

import static dev.fcgi.testsupport.TestApplicationSupport.fcgiPort;
import static dev.fcgi.testsupport.TestApplicationSupport.httpGet;
import static dev.fcgi.testsupport.TestApplicationSupport.httpPort;
import static dev.fcgi.testsupport.TestApplicationSupport.json;
import static dev.fcgi.testsupport.TestApplicationSupport.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The {@code fcgi} health contributor: UP while accepting, OUT_OF_SERVICE while paused,
 * DOWN when the listener could not bind; and its details.
 */
class FcgiHealthIndicatorTests {

    @Test
    void upWhileAcceptingWithTheListenerDetails() throws Exception {
        try (ConfigurableApplicationContext context = run("--server.port=0", "--fcgi.port=0", "--fcgi.pool.size=9",
                "--management.endpoint.health.show-details=always")) {
            HttpResponse<String> response = httpGet(httpPort(context), "/actuator/health/fcgi");
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode health = json(response.body());
            assertThat(health.get("status").asString()).isEqualTo("UP");
            JsonNode details = health.get("details");
            assertThat(details.get("listen").asString()).isEqualTo("127.0.0.1:" + fcgiPort(context));
            assertThat(details.get("mode").asString()).isEqualTo("beside");
            assertThat(details.get("state").asString()).isEqualTo("accepting");
            assertThat(details.get("busyWorkers").asInt()).isZero();
            assertThat(details.get("maxWorkers").asInt()).isEqualTo(9);
            assertThat(details.get("connections").asLong()).isZero();
        }
    }

    @Test
    void outOfServiceWhilePausedAndUpAgainOnResume() throws Exception {
        try (ConfigurableApplicationContext context = run("--server.port=0", "--fcgi.port=0",
                "--management.endpoint.health.show-details=always")) {
            int port = httpPort(context);
            Connector connector = context.getBean(FcgiConnectorHolder.class).getConnector().orElseThrow();
            connector.pause();
            HttpResponse<String> paused = httpGet(port, "/actuator/health/fcgi");
            assertThat(paused.statusCode()).isEqualTo(503);
            assertThat(json(paused.body()).get("status").asString()).isEqualTo("OUT_OF_SERVICE");
            assertThat(json(paused.body()).get("details").get("state").asString()).isEqualTo("paused");
            assertThat(httpGet(port, "/actuator/health/readiness").statusCode()).isEqualTo(503);
            assertThat(httpGet(port, "/actuator/health/liveness").statusCode()).isEqualTo(200);
            connector.resume();
            assertThat(httpGet(port, "/actuator/health/fcgi").statusCode()).isEqualTo(200);
            assertThat(httpGet(port, "/actuator/health/readiness").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void downWhenTheListenerCouldNotBind() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            FcgiProperties properties = new FcgiProperties();
            properties.setPort(taken.getLocalPort());
            FcgiConnectorHolder holder = new FcgiConnectorHolder(FcgiMode.BESIDE);
            Connector connector = new FcgiConnectorConfigurer(properties, holder, false).createConnector();
            FcgiHealthIndicator indicator = new FcgiHealthIndicator(() -> holder.getConnector().orElse(null), "beside",
                    null);
            assertThat(indicator.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
            catchThrowable(() -> {
                connector.init();
                connector.start();
            });
            try {
                Health health = indicator.health();
                assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                assertThat(health.getDetails()).containsEntry("state", "failed")
                    .containsEntry("listen", "127.0.0.1:" + taken.getLocalPort());
            }
            finally {
                ((FcgiNioProtocol) connector.getProtocolHandler()).destroy();
            }
        }
    }

    @Test
    void downWithoutAConnector() {
        FcgiHealthIndicator indicator = new FcgiHealthIndicator(() -> null, "beside", null);
        assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(indicator.health().getDetails()).containsEntry("state", "absent");
    }

}
