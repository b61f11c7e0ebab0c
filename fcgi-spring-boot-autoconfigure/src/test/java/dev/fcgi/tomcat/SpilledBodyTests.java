package dev.fcgi.tomcat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import dev.fcgi.protocol.RecordType;
import dev.fcgi.testsupport.BareFcgiTomcat;
import dev.fcgi.testsupport.FcgiTestClient;
import dev.fcgi.testsupport.FcgiTestClient.Response;
import dev.fcgi.testsupport.OpenFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Request bodies in spill mode: above the threshold they go to a temporary file, the
 * request is dispatched when the body is complete, and the file is gone when the request
 * ends, also when it is aborted or the client vanishes.
 * <p>
 * Spill files are unlinked as soon as they are opened (so even a killed JVM leaves none
 * behind); what a leak would hold is the open descriptor, so the tests watch this JVM's
 * descriptors in {@code /proc/self/fd}.
 * <p>
 * One Tomcat without Spring serves the whole class, spilling bodies above 16 KiB into a
 * directory of the test's own.
 */
class SpilledBodyTests {

    static final Path spillDirectory = createDirectory();

    private static BareFcgiTomcat server;

    private static int port;

    @BeforeAll
    static void startServer() throws Exception {
        server = BareFcgiTomcat.builder()
            .largeBodyMode(LargeBodyMode.SPILL)
            .spillThreshold(16 * 1024)
            .spillDirectory(spillDirectory)
            .start();
        port = server.port();
    }

    @Test
    void spilledBodyArrivesIntactAndTheFileIsDeleted() throws Exception {
        byte[] body = RequestBodyTests.randomBytes(2 * 1024 * 1024);
        try (FcgiTestClient client = FcgiTestClient.connect(port)) {
            Map<String, String> params = FcgiTestClient.params("POST", "/echo");
            params.put("CONTENT_TYPE", "application/octet-stream");
            params.put("CONTENT_LENGTH", Integer.toString(body.length));
            client.sendRequest(1, true, params, body);
            Response response = client.readResponse(1);
            assertThat(response.body()).isEqualTo(body);
        }
        assertThat(openSpillFiles()).isEmpty();
        assertThat(filesIn(spillDirectory)).isEmpty();
    }

    @Test
    void bodyOfUnknownLengthIsSpilledOnceItPassesTheThreshold() throws Exception {
        try (FcgiTestClient client = FcgiTestClient.connect(port)) {
            Map<String, String> params = FcgiTestClient.params("POST", "/count");
            client.sendRequest(1, true, params, new byte[100_000]);
            assertThat(client.readResponse(1).bodyText()).isEqualTo("100000");
        }
        assertThat(openSpillFiles()).isEmpty();
        assertThat(filesIn(spillDirectory)).isEmpty();
    }

    @Test
    void abortMidSpillRemovesTheFile() throws Exception {
        try (FcgiTestClient client = FcgiTestClient.connect(port)) {
            Map<String, String> params = FcgiTestClient.params("POST", "/count");
            params.put("CONTENT_LENGTH", "1000000");
            client.send(FcgiTestClient.beginRequest(1, 1, true));
            client.send(FcgiTestClient.stream(RecordType.PARAMS, 1, FcgiTestClient.encodeParams(params)));
            client.send(FcgiTestClient.record(RecordType.PARAMS, 1, new byte[0]));
            client.send(FcgiTestClient.stream(RecordType.STDIN, 1, new byte[200_000]));
            waitFor(() -> !openSpillFiles().isEmpty());
            client.send(FcgiTestClient.record(RecordType.ABORT_REQUEST, 1, new byte[0]));
            assertThat(client.readResponse(1).stdout()).isEmpty();
        }
        assertThat(openSpillFiles()).isEmpty();
        assertThat(filesIn(spillDirectory)).isEmpty();
    }

    @Test
    void vanishedClientMidSpillRemovesTheFile() throws Exception {
        try (FcgiTestClient client = FcgiTestClient.connect(port)) {
            Map<String, String> params = FcgiTestClient.params("POST", "/count");
            params.put("CONTENT_LENGTH", "1000000");
            client.send(FcgiTestClient.beginRequest(1, 1, true));
            client.send(FcgiTestClient.stream(RecordType.PARAMS, 1, FcgiTestClient.encodeParams(params)));
            client.send(FcgiTestClient.record(RecordType.PARAMS, 1, new byte[0]));
            client.send(FcgiTestClient.stream(RecordType.STDIN, 1, new byte[200_000]));
            waitFor(() -> !openSpillFiles().isEmpty());
        }
        waitFor(() -> openSpillFiles().isEmpty());
        assertThat(openSpillFiles()).isEmpty();
        assertThat(filesIn(spillDirectory)).isEmpty();
    }

    @AfterAll
    static void stopServerAndRemoveDirectory() throws Exception {
        try {
            if (server != null) {
                server.close();
            }
        }
        finally {
            Files.deleteIfExists(spillDirectory);
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    private static java.util.List<Path> openSpillFiles() {
        return OpenFiles.under(spillDirectory);
    }

    private static java.util.List<Path> filesIn(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.toList();
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static Path createDirectory() {
        try {
            return Files.createTempDirectory("fcgi-spill-test");
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

}
