package dev.fcgi.tomcat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

import dev.fcgi.protocol.FcgiConstants;
import dev.fcgi.protocol.RecordType;
import dev.fcgi.testsupport.EmbeddedFcgiTomcat;
import dev.fcgi.testsupport.FcgiTestClient;
import dev.fcgi.testsupport.FcgiTestClient.Record;
import dev.fcgi.testsupport.FcgiTestClient.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Byte streams captured from real front ends (the fuzz seeds of
 * {@link FcgiProcessorFuzzTests}) replayed as they were sent, through both large-body
 * modes, with the answers checked: what nginx, Apache httpd mod_proxy_fcgi and HAProxy
 * really send is served correctly, not merely survived.
 */
class CapturedFrontEndStreamsTests {

    private static final String CAPTURES = "/dev/fcgi/tomcat/FcgiProcessorFuzzTestsInputs/wholeStream/";

    private static final String GET_QUERY = "GET /request query=q=hello%20world&lang=en&x=%2Fa%2Fb params=3";

    @TempDir
    static Path directory;

    private static EmbeddedFcgiTomcat server;

    @BeforeAll
    static void startServer() throws Exception {
        server = EmbeddedFcgiTomcat.start(directory, 2000);
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @Test
    void nginxRequestsAreServed() throws Exception {
        for (int port : ports()) {
            assertThat(replay(port, "nginx-get-query").bodyText()).startsWith(GET_QUERY)
                .contains("scheme=http remote=127.0.0.1:", "server=127.0.0.1:19511");
            assertThat(replay(port, "nginx-post-json").bodyText()).startsWith("POST /echo query=debug=1 params=1")
                .contains("body=1446");
            assertThat(replay(port, "nginx-post-form").bodyText()).startsWith("POST /request query=null params=3");
            assertThat(replay(port, "nginx-post-chunked").bodyText()).startsWith("POST /count").contains("body=20");
        }
    }

    @Test
    void nginxKeptConnectionServesThreeRequestsInTurn() throws Exception {
        for (int port : ports()) {
            try (FcgiTestClient client = FcgiTestClient.connect(port)) {
                client.send(capture("nginx-keep-conn-three-requests"));
                assertThat(client.readResponse(1).bodyText()).startsWith(GET_QUERY);
                assertThat(client.readResponse(1).bodyText()).startsWith("POST /echo").contains("body=1446");
                assertThat(client.readResponse(1).bodyText()).startsWith("POST /request query=null params=3");
            }
        }
    }

    @Test
    void apacheModProxyFcgiRequestsAreServed() throws Exception {
        for (int port : ports()) {
            assertThat(replay(port, "apache-get-query").bodyText()).startsWith(GET_QUERY);
            assertThat(replay(port, "apache-post-json").bodyText()).startsWith("POST /echo").contains("body=1446");
            // Sent chunked, so without CONTENT_LENGTH: the body's length is only known at
            // the end of STDIN.
            assertThat(replay(port, "apache-post-chunked").bodyText()).startsWith("POST /count").contains("body=20");
        }
    }

    @Test
    void haproxyGetValuesHealthCheckAndRequestsAreAnswered() throws Exception {
        for (int port : ports()) {
            try (FcgiTestClient client = FcgiTestClient.connect(port)) {
                client.send(capture("haproxy-get-values"));
                Record values = client.readRecord();
                assertThat(values.type()).isEqualTo(RecordType.GET_VALUES_RESULT);
                assertThat(new String(values.content(), java.nio.charset.StandardCharsets.US_ASCII))
                    .contains("FCGI_MAX_REQS", "FCGI_MPXS_CONNS");
            }
            Response check = replay(port, "haproxy-health-check");
            assertThat(check.status()).isEqualTo(200);
            assertThat(check.bodyText()).startsWith("GET /actuator/health query=null");
            assertThat(check.protocolStatus()).isEqualTo(FcgiConstants.REQUEST_COMPLETE);
            assertThat(replay(port, "haproxy-get-query").bodyText()).startsWith(GET_QUERY);
            assertThat(replay(port, "haproxy-post-json").bodyText()).startsWith("POST /echo").contains("body=1446");
            assertThat(replay(port, "haproxy-post-chunked").bodyText()).startsWith("POST /count").contains("body=20");
        }
    }

    private static int[] ports() {
        return new int[] { server.streamPort(), server.spillPort() };
    }

    /**
     * Sends a capture on a new connection and reads the answer of request 1 (HAProxy's
     * GET_VALUES result first).
     */
    private static Response replay(int port, String name) throws IOException {
        try (FcgiTestClient client = FcgiTestClient.connect(port)) {
            client.send(capture(name));
            Response response = client.readResponse(1);
            assertThat(response.status()).as(name).isEqualTo(200);
            return response;
        }
    }

    private static byte[] capture(String name) throws IOException {
        try (InputStream in = CapturedFrontEndStreamsTests.class.getResourceAsStream(CAPTURES + name)) {
            assertThat(in).as(CAPTURES + name).isNotNull();
            return in.readAllBytes();
        }
    }

}
