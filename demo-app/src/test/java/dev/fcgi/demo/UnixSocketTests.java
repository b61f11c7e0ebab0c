package dev.fcgi.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import dev.fcgi.demo.support.CgiFcgi;
import dev.fcgi.demo.support.CgiFcgiResult;
import dev.fcgi.demo.support.FcgiConnectors;
import dev.fcgi.demo.support.NginxServer;
import dev.fcgi.demo.support.NginxUpstream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code fcgi.unix-socket.path}: the app listens on a Unix domain socket with mode
 * {@code rw-rw----}, and nginx uses it.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "fcgi.port=0")
class UnixSocketTests {

    private static final Path SOCKET = createDirectory().resolve("app.sock");

    @Autowired
    private ServletWebServerApplicationContext context;

    @DynamicPropertySource
    static void socketPath(DynamicPropertyRegistry registry) {
        registry.add("fcgi.unix-socket.path", SOCKET::toString);
    }

    @Test
    void socketFileHasGroupReadWritePermissions() throws IOException {
        assertThat(SOCKET).exists();
        assertThat(Files.getAttribute(SOCKET, "unix:mode")).as("file type and mode")
            .isInstanceOfSatisfying(Integer.class, (mode) -> assertThat(mode & 0170000).isEqualTo(0140000));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(SOCKET))).isEqualTo("rw-rw----");
        assertThat(FcgiConnectors.protocol(this.context).getUnixDomainSocketPath()).isEqualTo(SOCKET.toString());
    }

    @Test
    void nginxReachesTheAppThroughTheSocket() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try (NginxServer nginx = NginxServer.builder(NginxUpstream.fastCgiUnixSocket(SOCKET)).start()) {
            HttpResponse<String> hello = http.send(HttpRequest.newBuilder(nginx.uri("/hello")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(hello.statusCode()).as(nginx.errorLog()).isEqualTo(200);
            assertThat(hello.body()).isEqualTo("hello");
            HttpResponse<String> described = http.send(
                    HttpRequest.newBuilder(nginx.uri("/request?q=caf%C3%A9")).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode request = JsonMapper.builder().build().readTree(described.body());
            assertThat(request.get("q").asString()).isEqualTo("café");
            assertThat(request.get("remoteAddr").asString()).isEqualTo("127.0.0.1");
            assertThat(request.get("remotePort").asInt()).isPositive();
            assertThat(nginx.accessLogOnceItContains("upstream=unix:" + SOCKET)).contains("upstream=unix:" + SOCKET);
        }
    }

    @Test
    void cgiFcgiReachesTheAppThroughTheSocket() {
        CgiFcgiResult result = CgiFcgi.unixSocket(SOCKET).run(CgiFcgi.requestEnvironment("GET", "/hello"));
        assertThat(result.status()).as(result.toString()).isEqualTo(200);
        assertThat(result.bodyText()).isEqualTo("hello");
    }

    private static Path createDirectory() {
        try {
            Path directory = Files.createTempDirectory("fcgi-socket-");
            directory.toFile().deleteOnExit();
            return directory;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

}
