package dev.fcgi.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import dev.fcgi.autoconfigure.LocalFcgiPort;
import dev.fcgi.demo.support.FcgiConnectors;
import dev.fcgi.demo.support.NginxServer;
import dev.fcgi.demo.support.NginxUpstream;
import dev.fcgi.tomcat.FcgiNioProtocol;
import org.apache.catalina.connector.Connector;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code fcgi.mode=instead}: the only listener speaks FastCGI; nginx reaches the app, a
 * browser does not.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "fcgi.port=0", "fcgi.mode=instead" })
class InsteadModeTests {

    private static final HttpClient HTTP = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(3))
        .build();

    @Autowired
    private ServletWebServerApplicationContext context;

    @LocalServerPort
    private int serverPort;

    @LocalFcgiPort
    private int fcgiPort;

    @Test
    void everyConnectorSpeaksFastCgi() {
        assertThat(FcgiConnectors.all(this.context)).isNotEmpty()
            .allSatisfy((connector) -> assertThat(connector.getProtocolHandler()).isInstanceOf(FcgiNioProtocol.class));
        assertThat(FcgiConnectors.all(this.context)).extracting(Connector::getLocalPort).containsExactly(this.fcgiPort);
        assertThat(this.serverPort).isEqualTo(this.fcgiPort);
    }

    @Test
    void plainHttpToTheServerPortGetsNoAnswer() {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.serverPort + "/hello"))
            .timeout(Duration.ofSeconds(5))
            .build();
        Object outcome;
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            outcome = response.statusCode();
        }
        catch (IOException ex) {
            outcome = ex;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
        assertThat(outcome).as("HTTP GET to the FastCGI-only port").isInstanceOf(IOException.class);
    }

    @Test
    void nginxReachesTheAppOverFastCgi() throws Exception {
        try (NginxServer nginx = NginxServer.builder(NginxUpstream.fastCgiTcp("127.0.0.1", this.serverPort)).start()) {
            HttpResponse<String> hello = HTTP.send(HttpRequest.newBuilder(nginx.uri("/hello")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(hello.statusCode()).as(nginx.errorLog()).isEqualTo(200);
            assertThat(hello.body()).isEqualTo("hello");
            HttpResponse<String> described = HTTP.send(
                    HttpRequest.newBuilder(nginx.uri("/request?q=%C3%A9t%C3%A9")).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode request = JsonMapper.builder().build().readTree(described.body());
            assertThat(request.get("q").asString()).isEqualTo("été");
            assertThat(request.get("remoteAddr").asString()).isEqualTo("127.0.0.1");
            assertThat(request.get("scheme").asString()).isEqualTo("http");
        }
    }

}
