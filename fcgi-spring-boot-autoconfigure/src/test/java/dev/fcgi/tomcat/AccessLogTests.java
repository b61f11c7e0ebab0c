package dev.fcgi.tomcat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import dev.fcgi.testsupport.FcgiTestClient;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.context.ConfigurableApplicationContext;

import static dev.fcgi.testsupport.TestApplicationSupport.await;
import static dev.fcgi.testsupport.TestApplicationSupport.fcgiPort;
import static dev.fcgi.testsupport.TestApplicationSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tomcat's access log ({@code server.tomcat.accesslog.*}, PHP-FPM's {@code access.log})
 * records FastCGI requests with the client's address as the web server passed it
 * (REMOTE_ADDR), in both modes.
 */
class AccessLogTests {

    @TempDir
    Path directory;

    @ParameterizedTest
    @ValueSource(strings = { "beside", "instead" })
    void fastCgiRequestsAreLoggedWithTheClientsAddress(String mode) throws Exception {
        try (ConfigurableApplicationContext context = run("--server.port=0", "--fcgi.port=0", "--fcgi.mode=" + mode,
                "--server.tomcat.accesslog.enabled=true", "--server.tomcat.accesslog.buffered=false",
                "--server.tomcat.accesslog.directory=" + this.directory,
                "--server.tomcat.accesslog.pattern=%a %r %s %b")) {
            Map<String, String> params = FcgiTestClient.params("GET", "/hello?from=fcgi");
            params.put("REMOTE_ADDR", "203.0.113.7");
            try (FcgiTestClient client = FcgiTestClient.connect(fcgiPort(context))) {
                assertThat(client.exchange(params, new byte[0]).bodyText()).isEqualTo("hello");
            }
            await("the access log line", () -> accessLog().contains("203.0.113.7 GET /hello?from=fcgi HTTP/1.1 200 5"));
        }
    }

    private String accessLog() {
        try (Stream<Path> files = Files.list(this.directory)) {
            StringBuilder all = new StringBuilder();
            for (Path file : files.toList()) {
                all.append(Files.readString(file));
            }
            return all.toString();
        }
        catch (java.io.IOException ex) {
            return "";
        }
    }

}
