package dev.fcgi.demo;

import dev.fcgi.autoconfigure.LocalFcgiPort;
import dev.fcgi.demo.support.CgiFcgi;
import dev.fcgi.demo.support.CgiFcgiResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code fcgi.output.flush=auto} tells a rendered page from a stream by what the
 * application does, not by whether it flushed: the head a web server sees (read here with
 * {@code cgi-fcgi}) says {@code X-Accel-Buffering: no} only for responses that are
 * produced over time, so nginx keeps buffering ordinary pages, and a slow client never
 * holds an application worker for them.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "fcgi.port=0")
class FlushAutoTests {

    @LocalFcgiPort
    private int fcgiPort;

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
            // Thymeleaf flushes as it finishes the view; Catalina flushes after an error
            // page.
            "/page, 200, ordinary", "/page?rows=3000, 200, ordinary", "/no/such/page, 404, ordinary",
            "/fail, 500, ordinary", "/hello, 200, ordinary",
            // Produced over time: flushed between writes, on the request thread or
            // asynchronously.
            "/test/flush-between-writes?lines=3&delayMs=100, 200, streamed",
            "/test/flush-between-writes?lines=3&delayMs=0, 200, streamed", "/stream?chunks=3&delayMs=10, 200, streamed",
            "/test/emitter?lines=2&delayMs=10, 200, streamed", "/sse, 200, streamed" })
    void onlyResponsesProducedOverTimeAskTheWebServerNotToBuffer(String target, int status, String kind) {
        String accept = target.startsWith("/no/such") ? "text/html" : "*/*";
        var environment = CgiFcgi.requestEnvironment("GET", target);
        environment.put("HTTP_ACCEPT", accept);
        CgiFcgiResult result = CgiFcgi.tcp("127.0.0.1", this.fcgiPort).run(environment);
        assertThat(result.status()).as(result.toString()).isEqualTo(status);
        if (kind.equals("streamed")) {
            assertThat(result.header("X-Accel-Buffering")).as(result.toString()).isEqualTo("no");
        }
        else {
            assertThat(result.header("X-Accel-Buffering")).as(result.toString()).isNull();
        }
    }

}
