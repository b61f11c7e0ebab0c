package dev.fcgi.demo;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import dev.fcgi.demo.support.FrontEnd;
import dev.fcgi.demo.support.FrontEndServer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * nginx with an {@code internal} location ({@code frontends/nginx-sendfile.conf}) sends
 * the files the app names in {@code X-Accel-Redirect}: the bytes never pass through the
 * JVM, and nginx answers ranges and {@code If-Modified-Since} itself.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "fcgi.port=0", "fcgi.sendfile.enabled=true" })
class NginxSendfileTests extends SendfileFrontEndTests {

    @LocalServerPort
    int httpPort;

    @DynamicPropertySource
    static void mappings(DynamicPropertyRegistry registry) {
        registry.add("fcgi.sendfile.mappings", () -> FILES + "/=/protected/");
    }

    @Override
    FrontEndServer startFrontEnd(int fcgiPort) {
        return FrontEndServer.start(FrontEnd.NGINX, "nginx-sendfile.conf",
                Map.of("FCGI_PORT", Integer.toString(fcgiPort), "FILES", FILES.toString()));
    }

    @Override
    String sendfileHeader() {
        return "X-Accel-Redirect";
    }

    @Test
    void nginxSaysWhichRangeItSent() throws Exception {
        HttpResponse<byte[]> response = get("small.txt", "Range", "bytes=10-15");
        assertThat(response.headers().firstValue("Content-Range")).hasValue("bytes 10-15/17");
    }

    @Test
    void nginxAnswersIfModifiedSince() throws Exception {
        HttpResponse<byte[]> first = get("small.txt", null, null);
        String lastModified = first.headers().firstValue("Last-Modified").orElseThrow();
        HttpResponse<byte[]> again = get("small.txt", "If-Modified-Since", lastModified);
        assertThat(again.statusCode()).as(this.server.logs()).isEqualTo(304);
    }

    @Test
    void clientSentSendfileTypeDoesNotReplaceNginxs() throws Exception {
        HttpResponse<byte[]> response = get("small.txt", "X-Sendfile-Type", "X-Sendfile");
        assertThat(response.statusCode()).as(this.server.logs()).isEqualTo(200);
        assertThat(new String(response.body())).isEqualTo("0123456789abcdef\n");
        assertThat(response.headers().firstValue("X-Sendfile")).isEmpty();
        assertThat(response.headers().firstValue("Content-Type"))
            .hasValueSatisfying((type) -> assertThat(type).startsWith("text/plain"));
    }

    @Test
    void internalLocationIsNotReachableByUrl() throws Exception {
        HttpResponse<byte[]> response = HTTP.send(
                HttpRequest.newBuilder(this.server.uri("/protected/small.txt")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(404);
    }

    @Test
    void overHttpTheAppServesTheFileWhateverTheClientAnnounces() throws Exception {
        HttpRequest request = HttpRequest
            .newBuilder(URI.create("http://127.0.0.1:" + this.httpPort + "/files/small.txt"))
            .header("X-Sendfile-Type", "X-Accel-Redirect")
            .build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.body()).isEqualTo("0123456789abcdef\n");
        assertThat(response.headers().firstValue("X-Accel-Redirect")).isEmpty();
    }

}
