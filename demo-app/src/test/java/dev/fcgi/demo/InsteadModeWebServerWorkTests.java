package dev.fcgi.demo;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import dev.fcgi.autoconfigure.LocalFcgiPort;
import dev.fcgi.demo.support.CgiFcgi;
import dev.fcgi.demo.support.CgiFcgiResult;
import dev.fcgi.demo.support.FrontEnd;
import dev.fcgi.demo.support.FrontEndServer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The AUTHORIZER role and files sent by the web server in {@code fcgi.mode=instead},
 * where the FastCGI connector is Boot's own.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "fcgi.port=0", "fcgi.mode=instead",
        "fcgi.authorizer.enabled=true", "fcgi.sendfile.enabled=true", "fcgi.sendfile.type=x-sendfile" })
class InsteadModeWebServerWorkTests {

    static final Path FILES = SendfileFiles.create();

    @DynamicPropertySource
    static void files(DynamicPropertyRegistry registry) {
        registry.add("demo.files.directory", FILES::toString);
        registry.add("fcgi.sendfile.mappings", FILES::toString);
    }

    @LocalFcgiPort
    int fcgiPort;

    @Test
    void fileLeavesAsXSendfile() throws Exception {
        CgiFcgiResult result = CgiFcgi.tcp("127.0.0.1", this.fcgiPort)
            .run(CgiFcgi.requestEnvironment("GET", "/files/small.txt"));
        assertThat(result.status()).as(result.toString()).isEqualTo(200);
        assertThat(result.header("X-Sendfile")).isEqualTo(FILES.toRealPath().resolve("small.txt").toString());
        assertThat(result.body()).isEmpty();
    }

    @Test
    void lighttpdAsksTheAppAsAuthorizer() throws Exception {
        try (FrontEndServer lighttpd = FrontEndServer.start(FrontEnd.LIGHTTPD, "lighttpd-authorizer.conf", Map
            .of("FCGI_PORT", Integer.toString(this.fcgiPort), "FILES", AuthorizerFrontEndTests.files().toString()))) {
            assertThat(get(lighttpd, null).statusCode()).as(lighttpd.logs()).isEqualTo(401);
            HttpResponse<String> approved = get(lighttpd, "demo:demo");
            assertThat(approved.statusCode()).as(lighttpd.logs()).isEqualTo(200);
            assertThat(approved.body()).isEqualTo("the web server's private file\n");
        }
    }

    private static HttpResponse<String> get(FrontEndServer server, String credentials) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri("/private/hello"))
            .timeout(Duration.ofSeconds(10));
        if (credentials != null) {
            request.header("Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return AuthorizerFrontEndTests.HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

}
