package dev.fcgi.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

import dev.fcgi.demo.support.CgiFcgi;
import dev.fcgi.demo.support.CgiFcgiResult;
import dev.fcgi.demo.support.NginxServer;
import dev.fcgi.demo.support.NginxUpstream;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The socket laid out as Debian's PHP-FPM pool does it: in a root-owned 0755 directory
 * like {@code /run/php}, mode {@code rw-rw----}, owned by {@code www-data:www-data}
 * ({@code listen.owner}/{@code listen.group}), reached by nginx workers running as
 * {@code www-data}. The application runs as root, as PHP-FPM's master does. With
 * {@code fcgi.unix-socket.allowed-users=www-data} only www-data's processes are served: a
 * root client is closed.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "fcgi.port=0", "fcgi.unix-socket.owner=www-data", "fcgi.unix-socket.group=www-data",
                "fcgi.unix-socket.allowed-users=www-data" })
class SocketForWebServerUserTests {

    private static final Path DIRECTORY = createRunDirectory();

    private static final Path SOCKET = DIRECTORY.resolve("app.sock");

    @DynamicPropertySource
    static void socketPath(DynamicPropertyRegistry registry) {
        registry.add("fcgi.unix-socket.path", SOCKET::toString);
    }

    @Test
    void socketBelongsToTheWebServerUserWithTheConfiguredMode() throws IOException {
        PosixFileAttributes socket = Files.readAttributes(SOCKET, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        assertThat(socket.isOther()).as("a socket, not a regular file").isTrue();
        assertThat(socket.owner().getName()).isEqualTo("www-data");
        assertThat(socket.group().getName()).isEqualTo("www-data");
        assertThat(PosixFilePermissions.toString(socket.permissions())).isEqualTo("rw-rw----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(DIRECTORY))).isEqualTo("rwxr-xr-x");
        try (Stream<Path> entries = Files.list(DIRECTORY)) {
            assertThat(entries).as("nothing left beside the socket").containsExactly(SOCKET);
        }
    }

    @Test
    void nginxWorkersRunningAsWwwDataReachTheApp() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try (NginxServer nginx = NginxServer.builder(NginxUpstream.fastCgiUnixSocket(SOCKET))
            .workerUser("www-data")
            .start()) {
            HttpResponse<String> hello = http.send(HttpRequest.newBuilder(nginx.uri("/hello")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(hello.statusCode()).as(nginx.errorLog()).isEqualTo(200);
            assertThat(hello.body()).isEqualTo("hello");
        }
    }

    @Test
    void otherUsersAreClosedAtAcceptEvenWhenTheFilePermitsThem() {
        CgiFcgiResult result = CgiFcgi.unixSocket(SOCKET).run(CgiFcgi.requestEnvironment("GET", "/hello"));
        assertThat(result.stdoutText()).as("no answer for root: %s", result).isEmpty();
        assertThat(result.exitCode()).isNotZero();
    }

    /** A directory like {@code /run/php}: owned by root, mode 0755. */
    private static Path createRunDirectory() {
        try {
            Path directory = Files.createTempDirectory("fcgi-run-");
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
            directory.toFile().deleteOnExit();
            return directory;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

}
