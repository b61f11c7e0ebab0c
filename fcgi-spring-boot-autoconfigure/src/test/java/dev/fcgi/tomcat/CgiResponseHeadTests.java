package dev.fcgi.tomcat;

import java.nio.charset.StandardCharsets;

import org.apache.coyote.Request;
import org.apache.coyote.Response;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CGI head written for a Coyote response, without a server: the status line, entity
 * headers per status, and a {@code Location} on the request's own origin written
 * relative, so it lands on the host and port the client used.
 */
class CgiResponseHeadTests {

    @ParameterizedTest(name = "{0}://{1}:{2} + {3} -> {4}")
    @CsvSource({
            // The container's own absolute form (Catalina's sendRedirect,
            // ServletUriComponentsBuilder): relative.
            "http, example.test, 8080, http://example.test:8080/owners/1?x=1, /owners/1?x=1",
            "http, example.test, 8080, http://EXAMPLE.test:8080, /",
            "http, example.test, 8080, HTTP://example.test:8080#top, #top",
            "http, example.test, 80, http://example.test/a, /a", "http, example.test, 80, http://example.test:80/a, /a",
            "https, example.test, 443, https://example.test/a, /a",
            "http, [2001:db8::1], 8080, http://[2001:db8::1]:8080/a, /a",
            // Anything else is the application's own choice: left as it is.
            "http, example.test, 8080, http://example.test/a, http://example.test/a",
            "http, example.test, 8080, http://example.test:9090/a, http://example.test:9090/a",
            "http, example.test, 8080, https://example.test:8080/a, https://example.test:8080/a",
            "http, example.test, 80, http://example.test.evil/a, http://example.test.evil/a",
            "http, example.test, 80, http://example.test@evil/a, http://example.test@evil/a",
            "http, example.test, 80, http://other.test/a, http://other.test/a",
            "http, example.test, 80, /already/relative, /already/relative" })
    void locationOnTheRequestsOwnOriginIsWrittenRelative(String scheme, String serverName, int serverPort,
            String location, String written) {
        Response response = response(scheme, serverName, serverPort);
        response.setStatus(302);
        response.addHeader("Location", location);
        assertThat(head(response, true)).contains("\r\nLocation: " + written + "\r\n");
    }

    @Test
    void statusLineAndEveryHeaderLine() {
        Response response = response("http", "example.test", 80);
        response.setStatus(404);
        response.addHeader("Set-Cookie", "a=1");
        response.addHeader("Set-Cookie", "b=2");
        assertThat(head(response, true)).isEqualTo(
                "Status: 404 Not Found\r\nContent-Type: text/plain\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\n\r\n");
    }

    @Test
    void withoutEntityHeadersThereIsNoContentType() {
        Response response = response("http", "example.test", 80);
        response.setStatus(304);
        response.addHeader("ETag", "\"v1\"");
        assertThat(head(response, false)).isEqualTo("Status: 304 Not Modified\r\nETag: \"v1\"\r\n\r\n");
    }

    private static Response response(String scheme, String serverName, int serverPort) {
        Request request = new Request();
        Response response = new Response();
        request.setResponse(response);
        request.scheme().setString(scheme);
        request.serverName().setString(serverName);
        request.setServerPort(serverPort);
        response.setContentType("text/plain");
        return response;
    }

    private static String head(Response response, boolean entityHeaders) {
        CgiResponseHead head = new CgiResponseHead();
        head.write(response, response.getContentType(), entityHeaders, false);
        return new String(head.bytes(), 0, head.length(), StandardCharsets.ISO_8859_1);
    }

}
