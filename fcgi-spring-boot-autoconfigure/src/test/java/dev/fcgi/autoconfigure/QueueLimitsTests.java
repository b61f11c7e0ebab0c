package dev.fcgi.autoconfigure;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import dev.fcgi.protocol.FcgiConstants;
import dev.fcgi.testsupport.FcgiTestClient;
import dev.fcgi.testsupport.TestApplication;
import dev.fcgi.tomcat.FcgiNioProtocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static dev.fcgi.testsupport.TestApplicationSupport.await;
import static dev.fcgi.testsupport.TestApplicationSupport.fcgiPort;
import static dev.fcgi.testsupport.TestApplicationSupport.holdWait;
import static dev.fcgi.testsupport.TestApplicationSupport.protocol;
import static dev.fcgi.testsupport.TestApplicationSupport.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The two limits on requests waiting for a worker: {@code fcgi.pool.queue-size}, beyond
 * which the connector answers 503 with FCGI_OVERLOADED at once, and the queue of the
 * executor Tomcat creates for the connector, which
 * {@code server.tomcat.threads.max-queue-capacity} bounds in {@code instead} mode only
 * and beyond which Tomcat closes the connection. The smaller one is reached first; a
 * start-up warning says when Tomcat's would be.
 */
@ExtendWith(OutputCaptureExtension.class)
class QueueLimitsTests {

    private static final String WARNING = "The FastCGI connector's executor queue holds";

    @Test
    void besideTomcatsQueueCapacityDoesNotReachTheFastCgiConnector(CapturedOutput output) {
        try (ConfigurableApplicationContext context = run("--server.port=0", "--fcgi.port=0",
                "--server.tomcat.threads.max-queue-capacity=10")) {
            assertThat(protocol(context).getMaxQueueSize()).isEqualTo(Integer.MAX_VALUE);
        }
        assertThat(output).doesNotContain(WARNING);
    }

    @Test
    void insteadTomcatsQueueCapacityBoundsTheExecutorAndAWarningSaysSo(CapturedOutput output) {
        try (ConfigurableApplicationContext context = run("--server.port=0", "--fcgi.port=0", "--fcgi.mode=instead",
                "--server.tomcat.threads.max-queue-capacity=10")) {
            assertThat(protocol(context).getMaxQueueSize()).isEqualTo(10);
        }
        assertThat(output).contains(WARNING + " 10 requests").contains("as fcgi.pool.queue-size is unset");
    }

    @Test
    void insteadASmallerFcgiQueueSizeIsReachedFirstAndNoWarningIsLogged(CapturedOutput output) throws Exception {
        withTwoBusyWorkersAndOneQueued((port, protocol) -> {
            try (FcgiTestClient client = FcgiTestClient.connect(port)) {
                FcgiTestClient.Response refused = client.exchange(FcgiTestClient.params("GET", "/hello"), new byte[0]);
                assertThat(refused.status()).isEqualTo(503);
                assertThat(refused.protocolStatus()).isEqualTo(FcgiConstants.OVERLOADED);
            }
        }, "--fcgi.pool.queue-size=1", "--server.tomcat.threads.max-queue-capacity=5");
        assertThat(output).doesNotContain(WARNING);
    }

    @Test
    void insteadASmallerExecutorQueueIsReachedFirstAndClosesTheConnection() throws Exception {
        withTwoBusyWorkersAndOneQueued((port, protocol) -> {
            try (FcgiTestClient client = FcgiTestClient.connect(port)) {
                assertThatExceptionOfType(IOException.class)
                    .isThrownBy(() -> client.exchange(FcgiTestClient.params("GET", "/hello"), new byte[0]));
            }
            assertThat(protocol.getStatistics().rejectedRequests()).isZero();
        }, "--fcgi.pool.queue-size=5", "--server.tomcat.threads.max-queue-capacity=1");
    }

    @Test
    void theWarningComesOnlyWhenTheExecutorQueueIsBoundedAndShorter(CapturedOutput output) {
        FcgiConnectorConfigurer.warnIfTheExecutorQueueIsShorter(Integer.MAX_VALUE, null);
        FcgiConnectorConfigurer.warnIfTheExecutorQueueIsShorter(Integer.MAX_VALUE, 100);
        FcgiConnectorConfigurer.warnIfTheExecutorQueueIsShorter(10, 10);
        FcgiConnectorConfigurer.warnIfTheExecutorQueueIsShorter(10, 0);
        assertThat(output).doesNotContain(WARNING);
        FcgiConnectorConfigurer.warnIfTheExecutorQueueIsShorter(10, -1);
        assertThat(output).contains("as fcgi.pool.queue-size is unset");
        FcgiConnectorConfigurer.warnIfTheExecutorQueueIsShorter(10, 11);
        assertThat(output).contains("before fcgi.pool.queue-size=11 would answer 503 with FCGI_OVERLOADED")
            .contains("Set fcgi.pool.queue-size to 10 or less");
    }

    /**
     * Runs an application in {@code instead} mode with a pool of two workers, holds two
     * requests on them and then one in the executor's queue (one after the other, as the
     * executor's queue also hands each request to an idle worker, so a burst could fill a
     * queue of one on its own), and checks what the next request meets.
     */
    private static void withTwoBusyWorkersAndOneQueued(NextRequest check, String... queueSettings) throws Exception {
        TestApplication.gate = new CountDownLatch(1);
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--fcgi.port=0", "--fcgi.mode=instead",
                "--fcgi.pool.size=2", "--fcgi.pool.min-spare=2"));
        args.addAll(List.of(queueSettings));
        try (ConfigurableApplicationContext context = run(args.toArray(String[]::new))) {
            int port = fcgiPort(context);
            FcgiNioProtocol protocol = protocol(context);
            List<FcgiTestClient> held = new ArrayList<>();
            try {
                held.add(holdWait(port));
                await("1 busy worker", () -> protocol.getStatistics().activeWorkers() == 1);
                held.add(holdWait(port));
                await("2 busy workers", () -> protocol.getStatistics().activeWorkers() == 2);
                held.add(holdWait(port));
                await("2 busy workers and 1 queued request",
                        () -> protocol.getStatistics().activeWorkers() == 2 && protocol.getQueuedRequests() == 1);
                check.meets(port, protocol);
            }
            finally {
                TestApplication.gate.countDown();
                for (FcgiTestClient client : held) {
                    client.close();
                }
            }
        }
    }

    /** What the request after the held ones meets. */
    @FunctionalInterface
    private interface NextRequest {

        void meets(int port, FcgiNioProtocol protocol) throws Exception;

    }

}
