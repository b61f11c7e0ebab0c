package dev.fcgi.actuate;

import java.util.concurrent.CountDownLatch;

import dev.fcgi.testsupport.FcgiTestClient;
import dev.fcgi.testsupport.TestApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static dev.fcgi.testsupport.TestApplicationSupport.await;
import static dev.fcgi.testsupport.TestApplicationSupport.fcgiGet;
import static dev.fcgi.testsupport.TestApplicationSupport.fcgiPort;
import static dev.fcgi.testsupport.TestApplicationSupport.holdWait;
import static dev.fcgi.testsupport.TestApplicationSupport.json;
import static dev.fcgi.testsupport.TestApplicationSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * PHP-FPM's slowlog: with {@code fcgi.slow-request-threshold} set, a request running
 * longer is logged exactly once, with the worker thread's stack trace, and counted in
 * {@code slowRequests}; quick requests are not.
 */
@ExtendWith(OutputCaptureExtension.class)
class SlowRequestLogTests {

    private static final String SLOW_LINE = "Slow FastCGI request: GET /wait from 192.0.2.10 running for ";

    @Test
    void eachSlowRequestIsLoggedOnceWithItsStackTrace(CapturedOutput output) throws Exception {
        try (ConfigurableApplicationContext context = run("--server.port=0", "--fcgi.port=0", "--fcgi.mode=instead",
                "--fcgi.slow-request-threshold=150ms", "--management.endpoints.web.exposure.include=fcgi")) {
            int port = fcgiPort(context);
            for (int i = 0; i < 5; i++) {
                assertThat(fcgiGet(port, "/hello").bodyText()).isEqualTo("hello");
            }
            slowWait(port, output, 1);
            assertThat(output.getOut()).contains("TestApplication$Endpoints.waitForGate");
            slowWait(port, output, 2);
            assertThat(occurrences(output.getOut(), "Slow FastCGI request:")).isEqualTo(2);
            assertThat(json(fcgiGet(port, "/actuator/fcgi").bodyText()).get("slowRequests").asLong()).isEqualTo(2);
        }
        finally {
            TestApplication.gate.countDown();
        }
    }

    /**
     * Holds a /wait request until the slow log reaches {@code logged} lines, then as long
     * again as the threshold (several monitor rounds, in which a second line for the same
     * request would show), then lets it finish.
     */
    private static void slowWait(int port, CapturedOutput output, int logged) throws Exception {
        TestApplication.gate = new CountDownLatch(1);
        try (FcgiTestClient client = holdWait(port)) {
            await("slow request line " + logged, () -> occurrences(output.getOut(), SLOW_LINE) >= logged);
            Thread.sleep(150);
            TestApplication.gate.countDown();
            assertThat(client.readResponse(1).bodyText()).isEqualTo("released");
        }
        assertThat(occurrences(output.getOut(), SLOW_LINE)).isEqualTo(logged);
    }

    private static int occurrences(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
            count++;
        }
        return count;
    }

}
