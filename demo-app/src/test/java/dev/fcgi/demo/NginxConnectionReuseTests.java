package dev.fcgi.demo;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import dev.fcgi.autoconfigure.LocalFcgiPort;
import dev.fcgi.demo.support.FcgiConnectors;
import dev.fcgi.demo.support.NginxServer;
import dev.fcgi.demo.support.NginxUpstream;
import dev.fcgi.tomcat.FcgiNioProtocol;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * nginx keeps its FastCGI connections to the app ({@code keepalive} +
 * {@code fastcgi_keep_conn on}) and reuses them.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "fcgi.port=0")
class NginxConnectionReuseTests {

    private static final int REQUESTS = 1000;

    @Autowired
    private ServletWebServerApplicationContext context;

    @LocalFcgiPort
    private int fcgiPort;

    @Test
    void thousandSequentialRequestsUseFewConnections() throws Exception {
        FcgiNioProtocol protocol = FcgiConnectors.protocol(this.context);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try (NginxServer nginx = NginxServer.builder(NginxUpstream.fastCgiTcp("127.0.0.1", this.fcgiPort)).start()) {
            HttpRequest hello = HttpRequest.newBuilder(nginx.uri("/hello")).timeout(Duration.ofSeconds(10)).build();
            long acceptedBefore = protocol.getAcceptedConnections();
            long start = System.nanoTime();
            for (int i = 0; i < REQUESTS; i++) {
                HttpResponse<String> response = http.send(hello, HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as("request %d: %s", i, nginx.errorLog()).isEqualTo(200);
                assertThat(response.body()).isEqualTo("hello");
            }
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            long opened = protocol.getAcceptedConnections() - acceptedBefore;
            System.out.println(REQUESTS + " sequential GET /hello through nginx: " + opened
                    + " FastCGI connection(s) accepted, " + elapsedMillis + " ms");
            assertThat(opened).as("FastCGI connections accepted for %d requests", REQUESTS).isBetween(1L, 16L);
        }
    }

}
