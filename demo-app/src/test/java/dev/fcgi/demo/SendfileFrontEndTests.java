package dev.fcgi.demo;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import dev.fcgi.autoconfigure.LocalFcgiPort;
import dev.fcgi.demo.support.FcgiConnectors;
import dev.fcgi.demo.support.FrontEndServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every front end that sends files for the app must get right, run once per front
 * end by its subclass (which also sets {@code fcgi.sendfile.*}): the file reaches the
 * client whole while the JVM writes only the header, and the front end answers a range
 * itself.
 */
@TestInstance(Lifecycle.PER_CLASS)
abstract class SendfileFrontEndTests {

    static final Path FILES = SendfileFiles.create();

    static final HttpClient HTTP = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();

    @DynamicPropertySource
    static void filesDirectory(DynamicPropertyRegistry registry) {
        registry.add("demo.files.directory", FILES::toString);
    }

    @Autowired
    ServletWebServerApplicationContext context;

    @LocalFcgiPort
    int fcgiPort;

    FrontEndServer server;

    /**
     * Starts the front end in front of the app's FastCGI port, serving {@link #FILES}.
     * @param fcgiPort the app's FastCGI port on 127.0.0.1
     * @return the running front end
     */
    abstract FrontEndServer startFrontEnd(int fcgiPort);

    /**
     * The header the app names the file in.
     * @return {@code X-Accel-Redirect} or {@code X-Sendfile}
     */
    abstract String sendfileHeader();

    @BeforeAll
    void startServer() {
        this.server = startFrontEnd(this.fcgiPort);
    }

    @AfterAll
    void stopServer() {
        if (this.server != null) {
            this.server.close();
        }
    }

    @Test
    void frontEndSendsTheFileAndTheJvmOnlyTheHeader() throws Exception {
        long before = FcgiConnectors.protocol(this.context).getStatistics().bytesOut();
        HttpResponse<byte[]> response = get(SendfileFiles.BIG_NAME, null, null);
        long out = FcgiConnectors.protocol(this.context).getStatistics().bytesOut() - before;
        assertThat(response.statusCode()).as(this.server.logs()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(SendfileFiles.big());
        assertThat(response.headers().firstValue(sendfileHeader())).isEmpty();
        assertThat(out).as("FastCGI bytes the JVM wrote for a %d-byte file", SendfileFiles.BIG_SIZE).isLessThan(4096);
    }

    @Test
    void frontEndAnswersRanges() throws Exception {
        HttpResponse<byte[]> response = get("small.txt", "Range", "bytes=10-15");
        assertThat(response.statusCode()).as(this.server.logs()).isEqualTo(206);
        assertThat(new String(response.body())).isEqualTo("abcdef");
    }

    HttpResponse<byte[]> get(String name, String header, String value) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(this.server.uri("/files/" + name))
            .timeout(Duration.ofSeconds(20));
        if (header != null) {
            request.header(header, value);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

}
