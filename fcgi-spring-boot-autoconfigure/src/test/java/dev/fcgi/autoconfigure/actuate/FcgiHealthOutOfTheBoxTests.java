package dev.fcgi.autoconfigure.actuate;

import java.net.http.HttpResponse;

import dev.fcgi.autoconfigure.FcgiConnectorHolder;
import org.apache.catalina.connector.Connector;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.context.ConfigurableApplicationContext;

import static dev.fcgi.testsupport.TestApplicationSupport.fcgiPort;
import static dev.fcgi.testsupport.TestApplicationSupport.httpGet;
import static dev.fcgi.testsupport.TestApplicationSupport.httpPort;
import static dev.fcgi.testsupport.TestApplicationSupport.json;
import static dev.fcgi.testsupport.TestApplicationSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /actuator/health/fcgi}, the URL a load balancer or PHP-FPM's {@code ping.path}
 * habit polls: 200 UP / 503 in an application that sets no
 * {@code management.endpoint.health.*} property, with nothing but the status; unchanged
 * for an application that chose to show details.
 */
class FcgiHealthOutOfTheBoxTests {

    @Test
    void answersStatusOnlyInAnApplicationWithNoHealthSettings() throws Exception {
        try (ConfigurableApplicationContext context = run("--server.port=0", "--fcgi.port=0")) {
            int port = httpPort(context);
            HttpResponse<String> up = httpGet(port, "/actuator/health/fcgi");
            assertThat(up.statusCode()).isEqualTo(200);
            assertThat(json(up.body()).propertyNames()).containsExactly("status");
            assertThat(json(up.body()).get("status").asString()).isEqualTo("UP");
            Connector connector = context.getBean(FcgiConnectorHolder.class).getConnector().orElseThrow();
            connector.pause();
            HttpResponse<String> paused = httpGet(port, "/actuator/health/fcgi");
            assertThat(paused.statusCode()).isEqualTo(503);
            assertThat(paused.body()).isEqualTo("{\"status\":\"OUT_OF_SERVICE\"}");
            connector.resume();
            assertThat(httpGet(port, "/actuator/health/fcgi").statusCode()).isEqualTo(200);
            HttpResponse<String> overall = httpGet(port, "/actuator/health");
            assertThat(json(overall.body()).propertyNames()).doesNotContain("components", "details");
        }
    }

    @Test
    void answersOnTheManagementPortInInsteadMode() throws Exception {
        try (ConfigurableApplicationContext context = run("--server.port=0", "--fcgi.port=0", "--fcgi.mode=instead",
                "--management.server.port=0")) {
            int managementPort = context.getEnvironment().getRequiredProperty("local.management.port", Integer.class);
            HttpResponse<String> up = httpGet(managementPort, "/actuator/health/fcgi");
            assertThat(up.statusCode()).isEqualTo(200);
            assertThat(up.body()).isEqualTo("{\"status\":\"UP\"}");
        }
    }

    @Test
    void applicationShowingDetailsKeepsTheComponentsOwnAnswer() throws Exception {
        try (ConfigurableApplicationContext context = run("--server.port=0", "--fcgi.port=0",
                "--management.endpoint.health.show-details=always")) {
            HttpResponse<String> response = httpGet(httpPort(context), "/actuator/health/fcgi");
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode health = json(response.body());
            assertThat(health.has("components")).isFalse();
            assertThat(health.get("details").get("listen").asString()).isEqualTo("127.0.0.1:" + fcgiPort(context));
        }
    }

    @Test
    void applicationsOwnGroupsStayAsConfigured() throws Exception {
        try (ConfigurableApplicationContext context = run("--server.port=0", "--fcgi.port=0",
                "--management.endpoint.health.group.web.include=fcgi,ping",
                "--management.endpoint.health.group.web.show-components=always")) {
            assertThat(httpGet(httpPort(context), "/actuator/health/fcgi").body()).isEqualTo("{\"status\":\"UP\"}");
            HttpResponse<String> response = httpGet(httpPort(context), "/actuator/health/web");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(json(response.body()).get("components").propertyNames()).containsExactlyInAnyOrder("fcgi",
                    "ping");
        }
    }

}
