package dev.fcgi.autoconfigure.actuate;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.context.ConfigurableApplicationContext;

import static dev.fcgi.testsupport.TestApplicationSupport.fcgiGet;
import static dev.fcgi.testsupport.TestApplicationSupport.fcgiPort;
import static dev.fcgi.testsupport.TestApplicationSupport.httpGet;
import static dev.fcgi.testsupport.TestApplicationSupport.httpPort;
import static dev.fcgi.testsupport.TestApplicationSupport.json;
import static dev.fcgi.testsupport.TestApplicationSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code fcgi} health contributor's place in the readiness group, not the liveness
 * one, and a readiness group the application configured itself left alone.
 */
class FcgiReadinessGroupTests {

    @Test
    void partOfReadinessNotLivenessInBothModes() throws Exception {
        for (String mode : new String[] { "beside", "instead" }) {
            try (ConfigurableApplicationContext context = run("--server.port=0", "--fcgi.port=0",
                    "--fcgi.mode=" + mode)) {
                HealthEndpointGroups groups = context.getBean(HealthEndpointGroups.class);
                assertThat(groups.get("readiness").isMember("fcgi")).isTrue();
                assertThat(groups.get("readiness").isMember("readinessState")).isTrue();
                assertThat(groups.get("liveness").isMember("fcgi")).isFalse();
                assertThat(groups.getPrimary().isMember("fcgi")).isTrue();
                int port = fcgiPort(context);
                assertThat(fcgiGet(port, "/hello").bodyText()).isEqualTo("hello");
            }
        }
    }

    @Test
    void aReadinessGroupConfiguredByTheApplicationIsLeftAlone() throws Exception {
        try (ConfigurableApplicationContext context = run("--server.port=0", "--fcgi.port=0",
                "--management.endpoint.health.show-components=always",
                "--management.endpoint.health.group.readiness.include=readinessState")) {
            JsonNode readiness = json(httpGet(httpPort(context), "/actuator/health/readiness").body());
            assertThat(readiness.get("components").has("readinessState")).isTrue();
            assertThat(readiness.get("components").has("fcgi")).isFalse();
            assertThat(context.getBean(HealthEndpointGroups.class).get("readiness").isMember("fcgi")).isFalse();
        }
    }

}
