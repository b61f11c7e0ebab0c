package dev.fcgi.actuate;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.fcgi.testsupport.FcgiTestClient;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static dev.fcgi.testsupport.TestApplicationSupport.fcgiGet;
import static dev.fcgi.testsupport.TestApplicationSupport.fcgiPort;
import static dev.fcgi.testsupport.TestApplicationSupport.json;
import static dev.fcgi.testsupport.TestApplicationSupport.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Graceful shutdown as a load balancer polling the health sees it: OUT_OF_SERVICE (and
 * the readiness group not ready) while the listener still serves, for
 * {@code fcgi.shutdown.drain-delay}, and only then is the socket closed.
 */
class FcgiShutdownDrainTests {

    @Test
    void healthTurnsOutOfServiceBeforeTheListenerCloses() throws Exception {
        ConfigurableApplicationContext context = run("--server.port=0", "--fcgi.port=0", "--fcgi.mode=instead",
                "--server.shutdown=graceful", "--fcgi.shutdown.drain-delay=1500ms",
                "--management.endpoint.health.show-details=always",
                "--management.endpoints.web.exposure.include=health,fcgi");
        int port = fcgiPort(context);
        try {
            FcgiTestClient.Response before = fcgiGet(port, "/actuator/health/fcgi");
            assertThat(before.status()).isEqualTo(200);
            assertThat(json(before.bodyText()).get("status").asString()).isEqualTo("UP");
            CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
            FcgiTestClient.Response draining = pollUntilOutOfService(port);
            assertThat(closing).isNotDone();
            assertThat(json(draining.bodyText()).get("details").get("state").asString()).isEqualTo("draining");
            assertThat(fcgiGet(port, "/actuator/health/readiness").status()).isEqualTo(503);
            assertThat(fcgiGet(port, "/actuator/health/liveness").status()).isEqualTo(200);
            assertThat(fcgiGet(port, "/hello").bodyText()).isEqualTo("hello");
            assertThat(json(fcgiGet(port, "/actuator/fcgi").bodyText()).get("state").asString()).isEqualTo("draining");
            closing.get(30, TimeUnit.SECONDS);
            assertThatExceptionOfType(IOException.class).isThrownBy(() -> fcgiGet(port, "/hello"));
        }
        finally {
            context.close();
        }
    }

    private static FcgiTestClient.Response pollUntilOutOfService(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            FcgiTestClient.Response response = fcgiGet(port, "/actuator/health/fcgi");
            if (response.status() == 503) {
                assertThat(json(response.bodyText()).get("status").asString()).isEqualTo("OUT_OF_SERVICE");
                return response;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("fcgi health never reported OUT_OF_SERVICE while the listener was open");
    }

}
