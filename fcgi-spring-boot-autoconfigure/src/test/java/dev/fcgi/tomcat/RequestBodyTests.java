package dev.fcgi.tomcat;

import java.io.ByteArrayOutputStream;
import java.util.Map;
import java.util.Random;

import dev.fcgi.protocol.FcgiConstants;
import dev.fcgi.protocol.RecordType;
import dev.fcgi.testsupport.BareFcgiServer;
import dev.fcgi.testsupport.BareFcgiTomcat;
import dev.fcgi.testsupport.FcgiTestClient;
import dev.fcgi.testsupport.FcgiTestClient.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Request bodies in the default mode: small ones read into memory before dispatch, large
 * or unknown-length ones streamed to the application, over-limit ones refused with 413,
 * oversized PARAMS with 431. One Tomcat without Spring serves the whole class, with
 * bodies limited to 3 MiB and PARAMS to 8 KiB.
 */
class RequestBodyTests {

    @RegisterExtension
    static final BareFcgiServer server = new BareFcgiServer(
            BareFcgiTomcat.builder().maxBodySize(3L * 1024 * 1024).maxParamsSize(8 * 1024));

    @Test
    void smallBodyIsEchoedIntact() throws Exception {
        byte[] body = randomBytes(1000);
        Response response = post("/echo", body, true);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(body);
    }

    @Test
    void largeBodyIsStreamedIntact() throws Exception {
        byte[] body = randomBytes(1024 * 1024);
        Response response = post("/echo", body, true);
        assertThat(response.body()).isEqualTo(body);
    }

    @Test
    void bodyOfUnknownLengthIsStreamed() throws Exception {
        byte[] body = randomBytes(300_000);
        Response response = post("/count", body, false);
        assertThat(response.bodyText()).isEqualTo("300000");
    }

    @Test
    void unreadBodyIsDrainedAndTheConnectionStaysUsable() throws Exception {
        try (FcgiTestClient client = FcgiTestClient.connect(server.port())) {
            Map<String, String> params = FcgiTestClient.params("POST", "/hello");
            params.put("REQUEST_METHOD", "GET");
            params.put("CONTENT_LENGTH", "200000");
            client.sendRequest(1, true, params, randomBytes(200_000));
            assertThat(client.readResponse(1).bodyText()).isEqualTo("hello");
            assertThat(client.exchange(FcgiTestClient.params("GET", "/hello"), new byte[0]).bodyText())
                .isEqualTo("hello");
        }
    }

    @Test
    void bodyOverTheLimitByContentLengthGets413AndTheConnectionStaysUsable() throws Exception {
        try (FcgiTestClient client = FcgiTestClient.connect(server.port())) {
            Map<String, String> params = FcgiTestClient.params("POST", "/count");
            params.put("CONTENT_LENGTH", Integer.toString(4 * 1024 * 1024));
            client.sendRequest(1, true, params, new byte[4 * 1024 * 1024]);
            Response response = client.readResponse(1);
            assertThat(response.status()).isEqualTo(413);
            // The connector answered, not the application (whose answer would be a bare
            // count).
            assertThat(response.bodyText()).startsWith("413 ");
        }
    }

    @Test
    void streamedBodyPassingTheLimitGets413() throws Exception {
        Response response = post("/count", new byte[4 * 1024 * 1024], false);
        assertThat(response.status()).isEqualTo(413);
    }

    @Test
    void oversizedParamsGet431AndTheConnectionIsClosed() throws Exception {
        try (FcgiTestClient client = FcgiTestClient.connect(server.port())) {
            Map<String, String> params = FcgiTestClient.params("GET", "/hello");
            params.put("HTTP_X_BIG", "x".repeat(10_000));
            client.sendRequest(1, true, params, new byte[0]);
            assertThat(client.readResponse(1).status()).isEqualTo(431);
            assertThat(client.isClosedByPeer(5000)).isTrue();
        }
        try (FcgiTestClient client = FcgiTestClient.connect(server.port())) {
            assertThat(client.exchange(FcgiTestClient.params("GET", "/hello"), new byte[0]).bodyText())
                .isEqualTo("hello");
        }
    }

    @Test
    void stdinBeyondContentLengthClosesTheConnection() throws Exception {
        try (FcgiTestClient client = FcgiTestClient.connect(server.port())) {
            Map<String, String> params = FcgiTestClient.params("POST", "/count");
            params.put("CONTENT_LENGTH", "10");
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            bytes.write(FcgiTestClient.beginRequest(1, FcgiConstants.ROLE_RESPONDER, true));
            bytes.write(FcgiTestClient.stream(RecordType.PARAMS, 1, FcgiTestClient.encodeParams(params)));
            bytes.write(FcgiTestClient.record(RecordType.PARAMS, 1, new byte[0]));
            bytes.write(FcgiTestClient.record(RecordType.STDIN, 1, new byte[20]));
            client.send(bytes.toByteArray());
            assertThat(client.isClosedByPeer(5000)).isTrue();
        }
    }

    private Response post(String uri, byte[] body, boolean withLength) throws Exception {
        try (FcgiTestClient client = FcgiTestClient.connect(server.port())) {
            Map<String, String> params = FcgiTestClient.params("POST", uri);
            params.put("CONTENT_TYPE", "application/octet-stream");
            params.put("CONTENT_LENGTH", withLength ? Integer.toString(body.length) : "");
            client.sendRequest(1, true, params, body);
            return client.readResponse(1);
        }
    }

    static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        new Random(n).nextBytes(bytes);
        return bytes;
    }

}
