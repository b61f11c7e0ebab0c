package dev.fcgi.demo;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import dev.fcgi.autoconfigure.LocalFcgiPort;
import dev.fcgi.demo.support.LineArrivals;
import dev.fcgi.demo.support.NginxServer;
import dev.fcgi.demo.support.NginxUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.NestedTestConfiguration;
import org.springframework.test.context.NestedTestConfiguration.EnclosingConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Server-sent events and flushed lines through a stock, buffering nginx with gzip on
 * arrive as they are sent.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "fcgi.port=0")
class NginxStreamingTests {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static final int CHUNKS = 5;

    private static final long DELAY_MS = 400;

    private static final long SSE_INTERVAL_MS = 1000;

    private static NginxServer nginx;

    @BeforeAll
    static void startNginx(@LocalFcgiPort int port) {
        nginx = startGzipNginx(port);
    }

    @AfterAll
    static void stopNginx() {
        if (nginx != null) {
            nginx.close();
        }
    }

    @Test
    void serverSentEventsArriveOneByOne() throws Exception {
        LineArrivals arrivals = get(nginx, "/sse", "text/event-stream");
        System.out.println("SSE /sse through nginx (gzip on), arrival after request: " + arrivals);
        assertThat(arrivals.lines()).as(arrivals.toString())
            .containsExactly("data:tick 0", "data:tick 1", "data:tick 2");
        assertThat(arrivals.gzip()).as("nginx compressed the stream").isTrue();
        assertThat(arrivals.gaps()).as(arrivals.toString())
            .allSatisfy((gap) -> assertThat(gap).isGreaterThanOrEqualTo(SSE_INTERVAL_MS * 6 / 10));
        assertThat(arrivals.millis().get(0)).as("first event before the second is sent: " + arrivals)
            .isLessThan(SSE_INTERVAL_MS * 6 / 10);
    }

    @Test
    void flushedLinesArriveOneByOne() throws Exception {
        LineArrivals arrivals = get(nginx, "/stream?chunks=" + CHUNKS + "&delayMs=" + DELAY_MS, "text/plain");
        System.out.println("/stream?chunks=5&delayMs=400 through nginx (gzip on, flush=auto), arrival after "
                + "request: " + arrivals);
        assertThat(arrivals.lines()).as(arrivals.toString())
            .containsExactlyElementsOf(IntStream.range(0, CHUNKS).mapToObj((i) -> "chunk " + i).toList());
        assertThat(arrivals.gzip()).as("nginx compressed the stream").isTrue();
        assertThat(arrivals.gaps()).as(arrivals.toString())
            .allSatisfy((gap) -> assertThat(gap).isGreaterThanOrEqualTo(DELAY_MS * 6 / 10));
        assertThat(arrivals.spread()).as(arrivals.toString()).isGreaterThanOrEqualTo((CHUNKS - 1) * DELAY_MS * 8 / 10);
    }

    @Test
    void linesFlushedBetweenWritesOnTheRequestThreadArriveOneByOne() throws Exception {
        assertArriveOneByOne("/test/flush-between-writes?lines=" + CHUNKS + "&delayMs=" + DELAY_MS);
    }

    @Test
    void responseBodyEmitterLinesArriveOneByOne() throws Exception {
        assertArriveOneByOne("/test/emitter?lines=" + CHUNKS + "&delayMs=" + DELAY_MS);
    }

    private static void assertArriveOneByOne(String path) throws Exception {
        LineArrivals arrivals = get(nginx, path, "text/plain");
        System.out.println(path + " through nginx (gzip on, flush=auto), arrival after request: " + arrivals);
        assertThat(arrivals.lines()).as(arrivals.toString())
            .containsExactlyElementsOf(IntStream.range(0, CHUNKS).mapToObj((i) -> "line " + i).toList());
        assertThat(arrivals.gzip()).as("nginx compressed the stream").isTrue();
        // The first gap shows the first line arrived long before the second was written.
        assertThat(arrivals.gaps()).as(arrivals.toString())
            .allSatisfy((gap) -> assertThat(gap).isGreaterThanOrEqualTo(DELAY_MS * 6 / 10));
    }

    static NginxServer startGzipNginx(int fcgiPort) {
        return NginxServer.builder(NginxUpstream.fastCgiTcp("127.0.0.1", fcgiPort)).gzip(true).start();
    }

    static LineArrivals get(NginxServer server, String path, String expectedType) throws Exception {
        URI uri = server.uri(path);
        HttpRequest request = HttpRequest.newBuilder(uri)
            .header("Accept-Encoding", "gzip")
            .timeout(Duration.ofSeconds(30))
            .build();
        long sent = System.nanoTime();
        HttpResponse<InputStream> response = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).as(server.errorLog()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
            .hasValueSatisfying((type) -> assertThat(type).startsWith(expectedType));
        return LineArrivals.read(response, sent);
    }

    /**
     * With {@code fcgi.output.flush=never} the same lines arrive together at the end: the
     * contrast.
     */
    @Nested
    @NestedTestConfiguration(EnclosingConfiguration.OVERRIDE)
    @SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
            properties = { "fcgi.port=0", "fcgi.output.flush=never" })
    class FlushNever {

        @Test
        void flushedLinesArriveInOneBurstAtTheEnd(@LocalFcgiPort int port) throws Exception {
            try (NginxServer server = startGzipNginx(port)) {
                LineArrivals arrivals = get(server, "/stream?chunks=" + CHUNKS + "&delayMs=" + DELAY_MS, "text/plain");
                System.out.println("/stream?chunks=5&delayMs=400 through nginx (gzip on, flush=never), arrival "
                        + "after request: " + arrivals);
                List<String> expected = IntStream.range(0, CHUNKS).mapToObj((i) -> "chunk " + i).toList();
                assertThat(arrivals.lines()).as(arrivals.toString()).containsExactlyElementsOf(expected);
                assertThat(arrivals.spread()).as(arrivals.toString()).isLessThan(DELAY_MS / 2);
                assertThat(arrivals.millis().get(0)).as(arrivals.toString())
                    .isGreaterThanOrEqualTo((CHUNKS - 1) * DELAY_MS * 9 / 10);
            }
        }

    }

}
