package dev.fcgi.demo.support;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks {@link CgiFcgi} and {@link CgiFcgiResult} against {@link StubFastCgiResponder}.
 */
class CgiFcgiTests {

    @Test
    void sendsEnvironmentAsParamsAndParsesCgiResponse() throws Exception {
        try (StubFastCgiResponder stub = StubFastCgiResponder.start()) {
            Map<String, String> environment = CgiFcgi.requestEnvironment("GET", "/hello?q=1");
            environment.put("HTTPS", "on");
            CgiFcgiResult result = CgiFcgi.tcp("127.0.0.1", stub.port()).run(environment);
            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.status()).isEqualTo(200);
            assertThat(result.header("content-type")).isEqualTo("text/plain");
            assertThat(result.bodyText())
                .isEqualTo("stub REQUEST_METHOD=GET REQUEST_URI=/hello?q=1 HTTPS=on stdin=0\n");
            assertThat(stub.lastParams()).containsEntry("QUERY_STRING", "q=1")
                .containsEntry("SCRIPT_NAME", "/hello")
                .doesNotContainKey("PATH");
        }
    }

    @Test
    void sendsBodyWithContentLengthAdded() throws Exception {
        try (StubFastCgiResponder stub = StubFastCgiResponder.start()) {
            byte[] body = "a=1&b=2".getBytes(StandardCharsets.US_ASCII);
            CgiFcgiResult result = CgiFcgi.tcp("127.0.0.1", stub.port())
                .run(CgiFcgi.requestEnvironment("POST", "/count"), body);
            assertThat(result.bodyText()).as(result.toString()).endsWith(" stdin=7\n");
            assertThat(stub.lastParams()).containsEntry("CONTENT_LENGTH", "7");
        }
    }

    @Test
    void reportsConnectionFailureAsNonZeroExit() {
        int closedPort = FreePorts.loopbackPort();
        CgiFcgiResult result = CgiFcgi.tcp("127.0.0.1", closedPort).run(CgiFcgi.requestEnvironment("GET", "/"));
        assertThat(result.exitCode()).as(result.toString()).isNotZero();
        assertThat(result.stdout()).isEmpty();
    }

}
