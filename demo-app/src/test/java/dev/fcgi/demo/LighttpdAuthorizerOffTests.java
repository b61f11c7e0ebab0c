package dev.fcgi.demo;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import dev.fcgi.autoconfigure.LocalFcgiPort;
import dev.fcgi.demo.support.FrontEnd;
import dev.fcgi.demo.support.FrontEndServer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * lighttpd in authorizer mode in front of an app that has not switched the role on: every
 * request is refused, even with the right password (FCGI_UNKNOWN_ROLE would have let
 * every request through).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "fcgi.port=0")
class LighttpdAuthorizerOffTests {

    @LocalFcgiPort
    int fcgiPort;

    @Test
    void everyRequestIsRefused() throws Exception {
        try (FrontEndServer lighttpd = FrontEndServer.start(FrontEnd.LIGHTTPD, "lighttpd-authorizer.conf", Map
            .of("FCGI_PORT", Integer.toString(this.fcgiPort), "FILES", AuthorizerFrontEndTests.files().toString()))) {
            for (String path : new String[] { "/private/hello", "/public.txt" }) {
                HttpRequest request = HttpRequest.newBuilder(lighttpd.uri(path))
                    .timeout(Duration.ofSeconds(10))
                    .header("Authorization",
                            "Basic " + Base64.getEncoder().encodeToString("demo:demo".getBytes(StandardCharsets.UTF_8)))
                    .build();
                HttpResponse<String> response = AuthorizerFrontEndTests.HTTP.send(request,
                        HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as(path + "\n" + lighttpd.logs()).isEqualTo(403);
                assertThat(response.body()).doesNotContain("web server's");
            }
        }
    }

}
