package dev.fcgi.tomcat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.LogRecord;
import java.util.stream.Collectors;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.fcgi.testsupport.EmbeddedFcgiTomcat;
import dev.fcgi.testsupport.FcgiTestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Feeds whole byte streams to a running connector, one connection per input, and checks
 * that nothing a web server (or anyone reaching the port) sends can wedge it.
 * <p>
 * Each input is written at once, the connection half-closed, and the answer read until
 * the connector closes. The oracle, after every input: the connector closed within its
 * timeouts; a fresh connection's {@code GET /hello} is answered; no worker stays busy;
 * the spill directory is empty; and nothing was logged at SEVERE (a runtime exception
 * escaping the processor shows up there). Inputs of even length go to the connector that
 * streams large bodies, odd ones to the one that spills them, so the fuzzer reaches both.
 * <p>
 * Seeds, under {@code FcgiProcessorFuzzTestsInputs/wholeStream}, are byte streams
 * captured from nginx, Apache httpd (mod_proxy_fcgi) and HAProxy. Without
 * {@code JAZZER_FUZZ} they run as a regression test.
 */
class FcgiProcessorFuzzTests {

    /** Connection and keep-alive timeout of the connectors. */
    private static final int TIMEOUT_MILLIS = 500;

    /**
     * Longest a connection may stay open after the input is half-closed: the timeout, and
     * generous slack for a box busy with instrumented code (a connector that really hangs
     * would hold the connection for ever).
     */
    private static final int CLOSE_DEADLINE_MILLIS = TIMEOUT_MILLIS + 4500;

    private static final byte[] NO_BODY = new byte[0];

    private static Path baseDirectory;

    private static EmbeddedFcgiTomcat server;

    @BeforeAll
    static void startServer() throws Exception {
        baseDirectory = Files.createTempDirectory("fcgi-fuzz");
        server = EmbeddedFcgiTomcat.start(baseDirectory, TIMEOUT_MILLIS);
        // Warm up (class loading, instrumentation) before timing anything.
        for (int port : new int[] { server.streamPort(), server.spillPort() }) {
            sendAndDrain(port, NO_BODY);
            checkStillServing(port);
        }
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
        org.springframework.util.FileSystemUtils.deleteRecursively(baseDirectory);
    }

    @FuzzTest(maxDuration = "60s")
    void wholeStream(byte[] input) throws Exception {
        int port = (input.length % 2 == 0) ? server.streamPort() : server.spillPort();
        // Jazzer's SSRF detector refuses connections unless told: this test connects to
        // its own server only.
        try (SilentCloseable allowed = BugDetectors.allowNetworkConnections(FcgiProcessorFuzzTests::isTheServer)) {
            long closedAfter = sendAndDrain(port, input);
            if (closedAfter < 0) {
                throw new AssertionError(
                        "Connection still open " + CLOSE_DEADLINE_MILLIS + " ms after the input was half-closed");
            }
            checkStillServing(port);
        }
    }

    private static boolean isTheServer(String host, int port) {
        return ("127.0.0.1".equals(host) || "localhost".equals(host))
                && (port == server.streamPort() || port == server.spillPort());
    }

    /**
     * Writes the input, half-closes, and reads until the connector closes.
     * @return milliseconds until the close, or -1 if the connection outlived the deadline
     */
    private static long sendAndDrain(int port, byte[] input) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            long start = System.nanoTime();
            try {
                OutputStream out = socket.getOutputStream();
                out.write(input);
                out.flush();
                socket.shutdownOutput();
            }
            catch (IOException ex) {
                // Closed on us mid-write: a fine answer to garbage.
            }
            socket.setSoTimeout(100);
            InputStream in = socket.getInputStream();
            byte[] sink = new byte[8192];
            while (true) {
                long elapsed = (System.nanoTime() - start) / 1_000_000;
                if (elapsed > CLOSE_DEADLINE_MILLIS) {
                    return -1;
                }
                try {
                    if (in.read(sink) < 0) {
                        return elapsed;
                    }
                }
                catch (SocketTimeoutException ex) {
                    // not yet
                }
                catch (IOException ex) {
                    // reset: closed
                    return elapsed;
                }
            }
        }
    }

    private static void checkStillServing(int port) throws Exception {
        try (FcgiTestClient client = FcgiTestClient.connect(port)) {
            client.socket().setSoTimeout(CLOSE_DEADLINE_MILLIS);
            String answer = client.exchange(FcgiTestClient.params("GET", "/hello"), NO_BODY).bodyText();
            if (!"hello".equals(answer)) {
                throw new AssertionError("GET /hello after the input answered '" + answer + "'");
            }
        }
        long deadline = System.nanoTime() + 1_000_000_000L;
        while (busyWorkers() > 0 || server.spillFiles() > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("A second after the input: " + busyWorkers() + " worker(s) busy, "
                        + server.spillFiles() + " spill file(s) left");
            }
            Thread.sleep(5);
        }
        List<LogRecord> severe = server.takeSevereLogs();
        if (!severe.isEmpty()) {
            AssertionError error = new AssertionError("Logged at SEVERE: " + severe.stream()
                .map((record) -> record.getLoggerName() + ": " + record.getMessage())
                .collect(Collectors.joining("; ")));
            severe.stream().map(LogRecord::getThrown).filter(java.util.Objects::nonNull).forEach(error::addSuppressed);
            throw error;
        }
    }

    private static int busyWorkers() {
        return server.protocols().stream().mapToInt((protocol) -> protocol.getStatistics().activeWorkers()).sum();
    }

}
