package dev.fcgi.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import dev.fcgi.autoconfigure.LocalFcgiPort;
import dev.fcgi.demo.support.GeneratedBody;
import dev.fcgi.demo.support.NginxServer;
import dev.fcgi.demo.support.NginxUpstream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.NestedTestConfiguration;
import org.springframework.test.context.NestedTestConfiguration.EnclosingConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Request bodies through nginx: streamed without request buffering, spilled to disk, and
 * refused when too large.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "fcgi.port=0")
class NginxBodyTests {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static final int MIB = 1024 * 1024;

    @LocalFcgiPort
    private int fcgiPort;

    @Test
    void twentyMebibytesStreamWithoutRequestBuffering() throws Exception {
        try (NginxServer nginx = nginx(this.fcgiPort, false)) {
            HttpResponse<String> response = post(nginx, "/count", GeneratedBody.zeros(20L * MIB));
            assertThat(response.statusCode()).as(nginx.errorLog()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("20971520");
        }
    }

    @Test
    void twentyMebibytesOfUnknownLengthArriveWhole() throws Exception {
        try (NginxServer nginx = nginx(this.fcgiPort, false)) {
            HttpResponse<String> response = post(nginx, "/count", GeneratedBody.zerosOfUnknownLength(20L * MIB));
            assertThat(response.statusCode()).as(nginx.errorLog()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("20971520");
        }
    }

    static NginxServer nginx(int fcgiPort, boolean requestBuffering) {
        return NginxServer.builder(NginxUpstream.fastCgiTcp("127.0.0.1", fcgiPort))
            .requestBuffering(requestBuffering)
            .start();
    }

    static HttpResponse<String> post(NginxServer nginx, String path, HttpRequest.BodyPublisher body)
            throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(nginx.uri(path))
            .header("Content-Type", "application/octet-stream")
            .timeout(Duration.ofSeconds(60))
            .POST(body)
            .build(), HttpResponse.BodyHandlers.ofString());
    }

    static byte[] randomBytes(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /**
     * {@code fcgi.request.large-body=spill}: the body goes to a temp file that is gone
     * after the request.
     */
    @Nested
    @NestedTestConfiguration(EnclosingConfiguration.OVERRIDE)
    @SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
            properties = { "fcgi.port=0", "fcgi.request.large-body=spill" })
    class Spill {

        private static final Path SPILL_DIRECTORY = createDirectory();

        @DynamicPropertySource
        static void spillDirectory(DynamicPropertyRegistry registry) {
            registry.add("fcgi.request.spill-directory", SPILL_DIRECTORY::toString);
        }

        @Test
        void fiveMebibytesAreEchoedIntactAndTheSpillFileIsDeleted(@LocalFcgiPort int port) throws Exception {
            byte[] body = randomBytes(5 * MIB, 11);
            try (NginxServer nginx = nginx(port, true);
                    WatchService watcher = FileSystems.getDefault().newWatchService()) {
                SPILL_DIRECTORY.register(watcher, StandardWatchEventKinds.ENTRY_CREATE);
                HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(nginx.uri("/echo"))
                    .header("Content-Type", "application/octet-stream")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
                assertThat(response.statusCode()).as(nginx.errorLog()).isEqualTo(200);
                assertThat(response.body()).hasSize(body.length);
                assertThat(response.body()).isEqualTo(body);
                assertThat(createdFiles(watcher)).as("files created in the spill directory during the request")
                    .isNotEmpty();
                assertThat(awaitEmpty(SPILL_DIRECTORY, Duration.ofSeconds(5))).as("spill directory afterwards")
                    .isEmpty();
            }
        }

        private static List<String> createdFiles(WatchService watcher) throws InterruptedException {
            List<String> created = new ArrayList<>();
            WatchKey key;
            while ((key = watcher.poll()) != null) {
                for (WatchEvent<?> event : key.pollEvents()) {
                    created.add(String.valueOf(event.context()));
                }
                key.reset();
            }
            return created;
        }

        private static List<Path> awaitEmpty(Path directory, Duration timeout) throws Exception {
            long deadline = System.nanoTime() + timeout.toNanos();
            List<Path> left = list(directory);
            while (!left.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
                left = list(directory);
            }
            return left;
        }

        private static List<Path> list(Path directory) throws IOException {
            try (Stream<Path> files = Files.list(directory)) {
                return files.toList();
            }
        }

        private static Path createDirectory() {
            try {
                Path directory = Files.createTempDirectory("fcgi-spill-");
                directory.toFile().deleteOnExit();
                return directory;
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }

    }

    /**
     * {@code fcgi.request.max-body-size=1MB}: larger bodies get 413 through nginx (whose
     * own limit is off).
     */
    @Nested
    @NestedTestConfiguration(EnclosingConfiguration.OVERRIDE)
    @SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
            properties = { "fcgi.port=0", "fcgi.request.max-body-size=1MB" })
    class MaxBodySize {

        @Test
        void twoMebibytesAreRefusedWith413WhenNginxBuffersTheBody(@LocalFcgiPort int port) throws Exception {
            try (NginxServer nginx = nginx(port, true)) {
                assertRefusedThenServed(nginx);
            }
        }

        @Test
        void twoMebibytesAreRefusedWith413WhenNginxStreamsTheBody(@LocalFcgiPort int port) throws Exception {
            try (NginxServer nginx = nginx(port, false)) {
                assertRefusedThenServed(nginx);
            }
        }

        private void assertRefusedThenServed(NginxServer nginx) throws Exception {
            HttpResponse<String> small = post(nginx, "/count", GeneratedBody.zeros(MIB - 1));
            assertThat(small.statusCode()).as(nginx.errorLog()).isEqualTo(200);
            assertThat(small.body()).isEqualTo(Integer.toString(MIB - 1));
            HttpResponse<String> large = post(nginx, "/count", GeneratedBody.zeros(2L * MIB));
            assertThat(large.statusCode()).as(nginx.errorLog()).isEqualTo(413);
            HttpResponse<String> after = post(nginx, "/count", GeneratedBody.zeros(1000));
            assertThat(after.statusCode()).as(nginx.errorLog()).isEqualTo(200);
            assertThat(after.body()).isEqualTo("1000");
        }

    }

}
