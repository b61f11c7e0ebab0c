package dev.fcgi.actuate;

import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import dev.fcgi.testsupport.FcgiTestClient;
import dev.fcgi.testsupport.TestApplication;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static dev.fcgi.testsupport.TestApplicationSupport.await;
import static dev.fcgi.testsupport.TestApplicationSupport.fcgiGet;
import static dev.fcgi.testsupport.TestApplicationSupport.fcgiPort;
import static dev.fcgi.testsupport.TestApplicationSupport.holdWait;
import static dev.fcgi.testsupport.TestApplicationSupport.httpGet;
import static dev.fcgi.testsupport.TestApplicationSupport.httpPort;
import static dev.fcgi.testsupport.TestApplicationSupport.json;
import static dev.fcgi.testsupport.TestApplicationSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code fcgi.*} meters move as requests are served, refused, spilled and held.
 */
class FcgiMetricsTests {

    @Test
    void metersFollowTheTraffic() throws Exception {
        try (ConfigurableApplicationContext context = run("--server.port=0", "--fcgi.port=0", "--fcgi.pool.size=3",
                "--fcgi.request.large-body=spill", "--fcgi.request.spill-threshold=1KB",
                "--fcgi.request.max-params-size=2KB", "--management.endpoints.web.exposure.include=metrics")) {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            int port = fcgiPort(context);
            assertThat(registry.get("fcgi.workers.max").gauge().value()).isEqualTo(3);
            try (FcgiTestClient client = FcgiTestClient.connect(port)) {
                for (int i = 1; i <= 40; i++) {
                    client.sendRequest(i, true, FcgiTestClient.params("GET", "/hello"), new byte[0]);
                    assertThat(client.readResponse(i).bodyText()).isEqualTo("hello");
                }
                assertThat(registry.get("fcgi.connections.active").gauge().value()).isEqualTo(1);
                Map<String, String> upload = FcgiTestClient.params("POST", "/count");
                upload.put("CONTENT_LENGTH", "4096");
                upload.put("CONTENT_TYPE", "application/octet-stream");
                client.sendRequest(41, true, upload, new byte[4096]);
                assertThat(client.readResponse(41).bodyText()).isEqualTo("4096");
            }
            assertThat(registry.get("fcgi.requests").tag("status", "200").tag("outcome", "SUCCESS").timer().count())
                .isEqualTo(41);
            assertThat(registry.get("fcgi.request.body.spilled").functionCounter().count()).isEqualTo(1);
            assertThat(registry.get("fcgi.bytes.in").functionCounter().count()).isGreaterThan(4096);
            assertThat(registry.get("fcgi.bytes.out").functionCounter().count()).isGreaterThan(41 * 5);
            assertThat(registry.get("fcgi.connections.accepted").functionCounter().count()).isEqualTo(1);

            try (FcgiTestClient client = FcgiTestClient.connect(port)) {
                Map<String, String> params = FcgiTestClient.params("GET", "/hello");
                char[] big = new char[3000];
                Arrays.fill(big, 'x');
                params.put("HTTP_X_BIG", new String(big));
                client.sendRequest(1, true, params, new byte[0]);
                assertThat(client.readResponse(1).status()).isEqualTo(431);
            }
            assertThat(registry.get("fcgi.requests.rejected").functionCounter().count()).isEqualTo(1);

            TestApplication.gate = new CountDownLatch(1);
            FcgiTestClient[] held = new FcgiTestClient[4];
            try {
                for (int i = 0; i < held.length; i++) {
                    held[i] = holdWait(port);
                }
                await("a full pool and one queued request",
                        () -> registry.get("fcgi.workers.active").gauge().value() == 3
                                && registry.get("fcgi.queue").gauge().value() == 1);
                HttpResponse<String> metric = httpGet(httpPort(context), "/actuator/metrics/fcgi.workers.active");
                assertThat(json(metric.body()).get("measurements").get(0).get("value").asDouble()).isEqualTo(3.0);
                TestApplication.gate.countDown();
                for (FcgiTestClient client : held) {
                    assertThat(client.readResponse(1).bodyText()).isEqualTo("released");
                }
            }
            finally {
                TestApplication.gate.countDown();
                for (FcgiTestClient client : held) {
                    if (client != null) {
                        client.close();
                    }
                }
            }
            // the clients' closes reach the executor as socket events too, so the queue
            // empties a moment later
            await("an idle pool and an empty queue", () -> registry.get("fcgi.workers.active").gauge().value() == 0
                    && registry.get("fcgi.queue").gauge().value() == 0);
            assertThat(timed(registry, "200")).isEqualTo(45);
        }
    }

    @Test
    void errorStatusesGetTheirOwnTimer() throws Exception {
        try (ConfigurableApplicationContext context = run("--server.port=0", "--fcgi.port=0", "--fcgi.mode=instead")) {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            int port = fcgiPort(context);
            assertThat(fcgiGet(port, "/fail").status()).isEqualTo(500);
            assertThat(fcgiGet(port, "/missing").status()).isEqualTo(404);
            assertThat(
                    registry.get("fcgi.requests").tag("status", "500").tag("outcome", "SERVER_ERROR").timer().count())
                .isEqualTo(1);
            assertThat(
                    registry.get("fcgi.requests").tag("status", "404").tag("outcome", "CLIENT_ERROR").timer().count())
                .isEqualTo(1);
        }
    }

    private static long timed(MeterRegistry registry, String status) {
        Timer timer = registry.find("fcgi.requests").tag("status", status).timer();
        return (timer != null) ? timer.count() : 0;
    }

}
