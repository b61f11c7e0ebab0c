package dev.fcgi.demo;

import java.util.Map;
import java.util.Random;

import dev.fcgi.autoconfigure.LocalFcgiPort;
import dev.fcgi.demo.support.CgiFcgi;
import dev.fcgi.demo.support.CgiFcgiResult;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo driven by {@code cgi-fcgi}, the reference FastCGI client from libfcgi, without
 * a web server.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "fcgi.port=0")
class CgiFcgiDemoTests {

    @LocalFcgiPort
    private int fcgiPort;

    @Test
    void getHello() {
        CgiFcgiResult result = client().run(CgiFcgi.requestEnvironment("GET", "/hello"));
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.status()).as(result.toString()).isEqualTo(200);
        assertThat(result.header("Content-Type")).startsWith("text/plain");
        assertThat(result.bodyText()).isEqualTo("hello");
    }

    @Test
    void postCountReadsStdin() {
        byte[] body = new byte[200_000];
        new Random(3).nextBytes(body);
        Map<String, String> environment = CgiFcgi.requestEnvironment("POST", "/count");
        environment.put("CONTENT_TYPE", "application/octet-stream");
        CgiFcgiResult result = client().run(environment, body);
        assertThat(result.status()).as(result.toString()).isEqualTo(200);
        assertThat(result.bodyText()).isEqualTo("200000");
    }

    @Test
    void paramsBecomeRequestDetails() {
        Map<String, String> environment = CgiFcgi.requestEnvironment("GET", "/request?q=caf%C3%A9");
        environment.put("HTTPS", "on");
        environment.put("HTTP_HOST", "example.test:8443");
        environment.put("HTTP_X_FORWARDED_THING", "yes");
        environment.put("REMOTE_ADDR", "192.0.2.7");
        environment.put("REMOTE_PORT", "40123");
        CgiFcgiResult result = client().run(environment);
        assertThat(result.status()).as(result.toString()).isEqualTo(200);
        JsonNode request = JsonMapper.builder().build().readTree(result.bodyText());
        assertThat(request.get("q").asString()).isEqualTo("café");
        assertThat(request.get("scheme").asString()).isEqualTo("https");
        assertThat(request.get("secure").asBoolean()).isTrue();
        assertThat(request.get("remoteAddr").asString()).isEqualTo("192.0.2.7");
        assertThat(request.get("remotePort").asInt()).isEqualTo(40123);
        assertThat(request.get("serverName").asString()).isEqualTo("example.test");
        assertThat(request.get("serverPort").asInt()).isEqualTo(8443);
        assertThat(request.get("headers").get("x-forwarded-thing").asString()).isEqualTo("yes");
        assertThat(request.get("headers").get("host").asString()).as(result.bodyText()).isEqualTo("example.test:8443");
    }

    private CgiFcgi client() {
        return CgiFcgi.tcp("127.0.0.1", this.fcgiPort);
    }

}
