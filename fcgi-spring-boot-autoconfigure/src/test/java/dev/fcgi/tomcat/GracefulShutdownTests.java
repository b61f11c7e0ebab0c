package dev.fcgi.tomcat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.fcgi.testsupport.FcgiTestClient;
import dev.fcgi.testsupport.TestApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static dev.fcgi.testsupport.TestApplicationSupport.await;
import static dev.fcgi.testsupport.TestApplicationSupport.fcgiPort;
import static dev.fcgi.testsupport.TestApplicationSupport.holdWait;
import static dev.fcgi.testsupport.TestApplicationSupport.protocol;
import static dev.fcgi.testsupport.TestApplicationSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a web server sees of the connections it holds when the application shuts down
 * gracefully ({@code server.shutdown=graceful}): a kept connection waiting idle is closed
 * as soon as the shutdown begins, so nginx retries elsewhere instead of sending on it
 * until the very end; a request already running finishes on its connection, which is
 * closed afterwards; a connection accepted just before the listener closed still gets its
 * request served, however idle the application is.
 */
class GracefulShutdownTests {

    private ConfigurableApplicationContext context;

    @AfterEach
    void close() {
        TestApplication.gate = new CountDownLatch(0);
        if (this.context != null) {
            this.context.close();
        }
    }

    @Test
    void idleKeptConnectionIsClosedWhileARunningRequestFinishes() throws Exception {
        start();
        TestApplication.gate = new CountDownLatch(1);
        FcgiNioProtocol protocol = protocol(this.context);
        try (FcgiTestClient idle = FcgiTestClient.connect(fcgiPort(this.context))) {
            assertThat(idle.exchange(FcgiTestClient.params("GET", "/hello"), new byte[0]).bodyText())
                .isEqualTo("hello");
            try (FcgiTestClient running = holdWait(fcgiPort(this.context))) {
                await("the held request to reach the application", () -> protocol.getStatistics().activeWorkers() == 1);

                CompletableFuture<Void> closing = CompletableFuture.runAsync(this.context::close);
                assertThat(idle.isClosedByPeer(5_000)).as("idle kept connection closed when shutdown begins").isTrue();
                assertThat(closing).as("shutdown waits for the running request").isNotDone();

                TestApplication.gate.countDown();
                FcgiTestClient.Response response = running.readResponse(1);
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.bodyText()).isEqualTo("released");
                assertThat(running.isClosedByPeer(5_000)).as("connection closed after its last response").isTrue();
                closing.get(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void connectionAcceptedBeforeTheListenerClosedIsServed() throws Exception {
        start();
        FcgiNioProtocol protocol = protocol(this.context);
        try (FcgiTestClient fresh = FcgiTestClient.connect(fcgiPort(this.context))) {
            await("the connection to be accepted", () -> protocol.getActiveConnections() == 1);

            CompletableFuture<Void> closing = CompletableFuture.runAsync(this.context::close);
            await("the connector to pause", protocol::isPaused);
            FcgiTestClient.Response response = fresh.exchange(FcgiTestClient.params("GET", "/hello"), new byte[0]);
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.bodyText()).isEqualTo("hello");
            assertThat(fresh.isClosedByPeer(5_000)).as("connection closed after its response").isTrue();
            closing.get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void connectionThatNeverSendsDelaysShutdownOnlyUpToTheConnectionTimeout() throws Exception {
        // The settle wait and Tomcat's own read timeout both end at the connection
        // timeout; before the wait existed the shutdown took well under a second here.
        start("--fcgi.connection-timeout=2s");
        FcgiNioProtocol protocol = protocol(this.context);
        try (FcgiTestClient silent = FcgiTestClient.connect(fcgiPort(this.context))) {
            await("the connection to be accepted", () -> protocol.getActiveConnections() == 1);
            long start = System.nanoTime();
            this.context.close();
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(millis).as("shutdown time with a silent connection open").isBetween(1_000L, 10_000L);
            assertThat(silent.isClosedByPeer(5_000)).isTrue();
        }
    }

    private void start(String... extra) {
        String[] args = new String[extra.length + 4];
        args[0] = "--server.port=0";
        args[1] = "--fcgi.port=0";
        args[2] = "--fcgi.mode=instead";
        args[3] = "--server.shutdown=graceful";
        System.arraycopy(extra, 0, args, 4, extra.length);
        this.context = run(args);
    }

}
