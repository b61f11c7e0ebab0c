package dev.fcgi.tomcat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import dev.fcgi.autoconfigure.FcgiConnectorHolder;
import dev.fcgi.testsupport.FcgiTestClient;
import dev.fcgi.testsupport.TestApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a web server sees of the connections it holds when the application shuts down gracefully
 * ({@code server.shutdown=graceful}): a kept connection waiting idle is closed as soon as the shutdown begins, so
 * nginx retries elsewhere instead of sending on it until the very end; a request already running finishes on its
 * connection, which is closed afterwards; a connection accepted just before the listener closed still gets its
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
        FcgiNioProtocol protocol = protocol();
        try (FcgiTestClient idle = FcgiTestClient.connect(port()); FcgiTestClient running = FcgiTestClient.connect(port())) {
            assertThat(idle.exchange(FcgiTestClient.params("GET", "/hello"), new byte[0]).bodyText()).isEqualTo("hello");
            running.sendRequest(1, true, FcgiTestClient.params("GET", "/wait"), new byte[0]);
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

    @Test
    void connectionAcceptedBeforeTheListenerClosedIsServed() throws Exception {
        start();
        FcgiNioProtocol protocol = protocol();
        try (FcgiTestClient fresh = FcgiTestClient.connect(port())) {
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
        // The settle wait and Tomcat's own read timeout both end at the connection timeout; before the wait existed
        // the shutdown took well under a second here.
        start("--fcgi.connection-timeout=2s");
        FcgiNioProtocol protocol = protocol();
        try (FcgiTestClient silent = FcgiTestClient.connect(port())) {
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
        this.context = new SpringApplication(TestApplication.class).run(args);
    }

    private int port() {
        return this.context.getEnvironment().getRequiredProperty("local.fcgi.port", Integer.class);
    }

    private FcgiNioProtocol protocol() {
        return this.context.getBean(FcgiConnectorHolder.class).getProtocol().orElseThrow();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

}
