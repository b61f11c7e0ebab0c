package dev.fcgi.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import dev.fcgi.autoconfigure.LocalFcgiPort;
import dev.fcgi.demo.support.FrontEndServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A web server in front of the app in the FastCGI AUTHORIZER role, run once per web
 * server by its subclass: the demo's Spring Security rules (HTTP Basic,
 * {@code demo}/{@code demo} under {@code /private/}) decide, and the web server serves
 * the approved file from its own directory ({@code @FILES@} in the template).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "fcgi.port=0", "fcgi.authorizer.enabled=true" })
@TestInstance(Lifecycle.PER_CLASS)
abstract class AuthorizerFrontEndTests {

    static final HttpClient HTTP = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();

    @LocalFcgiPort
    int fcgiPort;

    FrontEndServer server;

    /**
     * Starts the web server in front of the app's FastCGI port.
     * @param values the template's {@code @FCGI_PORT@} and {@code @FILES@}
     * @return the running web server
     */
    abstract FrontEndServer startFrontEnd(Map<String, String> values);

    @BeforeAll
    void startServer() {
        this.server = startFrontEnd(Map.of("FCGI_PORT", Integer.toString(this.fcgiPort), "FILES", files().toString()));
    }

    @AfterAll
    void stopServer() {
        if (this.server != null) {
            this.server.close();
        }
    }

    /**
     * A fresh directory of files for the web server to serve, readable by Apache's
     * {@code nobody}.
     * @return the directory
     */
    static Path files() {
        try {
            Path files = Files.createTempDirectory("authorizer-files-");
            Files.setPosixFilePermissions(files, PosixFilePermissions.fromString("rwxr-xr-x"));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> FileSystemUtils.deleteRecursively(files.toFile())));
            Files.createDirectories(files.resolve("private"));
            // The name of the app's own /private/hello handler: the file is served, not
            // the handler's answer.
            Files.writeString(files.resolve("private/hello"), "the web server's private file\n");
            Files.writeString(files.resolve("public.txt"), "the web server's public file\n");
            return files;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    @Test
    void noCredentialsGetTheAppsBasicChallenge() throws Exception {
        HttpResponse<String> response = get("/private/hello", null);
        assertThat(response.statusCode()).as(this.server.logs()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate"))
            .hasValueSatisfying((challenge) -> assertThat(challenge).startsWith("Basic realm="));
        assertThat(response.body()).doesNotContain("private file");
    }

    @Test
    void wrongPasswordIsRefused() throws Exception {
        HttpResponse<String> response = get("/private/hello", "demo:wrong");
        assertThat(response.statusCode()).as(this.server.logs()).isEqualTo(401);
        assertThat(response.body()).doesNotContain("private file");
    }

    @Test
    void rightPasswordGetsTheWebServersFile() throws Exception {
        HttpResponse<String> response = get("/private/hello", "demo:demo");
        assertThat(response.statusCode()).as(this.server.logs()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("the web server's private file\n");
    }

    @Test
    void publicPathIsServed() throws Exception {
        HttpResponse<String> response = get("/public.txt", null);
        assertThat(response.statusCode()).as(this.server.logs()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("the web server's public file\n");
    }

    HttpResponse<String> get(String path, String credentials) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(this.server.uri(path)).timeout(Duration.ofSeconds(10));
        if (credentials != null) {
            request.header("Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

}
